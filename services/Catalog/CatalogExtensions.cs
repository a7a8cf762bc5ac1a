using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Platform.Catalog.Git;

namespace Platform.Catalog;

public static class CatalogExtensions
{
    /// <summary>The repository of images and its catalogue, from the validated <c>Catalog</c> section.</summary>
    public static IServiceCollection AddImageCatalog(this IServiceCollection services)
    {
        services.AddOptions<CatalogOptions>()
            .BindConfiguration(CatalogOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => Directory.Exists(o.Repository),
                "Catalog:Repository must name an existing folder that holds a git repository of images.")
            .ValidateOnStart();
        services.AddSingleton(sp => new GitRepository(sp.GetRequiredService<IOptions<CatalogOptions>>().Value.Repository));
        services.AddSingleton<CatalogSource>();
        return services;
    }
}
