using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Platform.Catalog.Git;
using Platform.Catalog.Remote;

namespace Platform.Catalog;

public static class CatalogExtensions
{
    /// <summary>The repository of images (a local folder or a remote's mirror) and its catalogue, from the validated <c>Catalog</c> section.</summary>
    public static IServiceCollection AddImageCatalog(this IServiceCollection services)
    {
        services.AddOptions<CatalogOptions>()
            .BindConfiguration(CatalogOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => RepositoryAddress.Parse(o.Repository, out _) is not { IsRemote: false } local || Directory.Exists(local.Text),
                "Catalog:Repository must name an existing folder that holds a git repository of images, or a remote (https://..., ssh://..., git@host:path).")
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<CatalogOptions>, RemoteSettingsValidation>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<CatalogRepository>();
        services.AddSingleton<GitRepository>(sp => sp.GetRequiredService<CatalogRepository>().Git);
        services.AddSingleton<CatalogSource>();
        services.AddHealthChecks().AddCheck<RepositoryHealthCheck>("repository");
        return services;
    }

    /// <summary>The address and the credential settings of a remote, each problem naming its key.</summary>
    private sealed class RemoteSettingsValidation : IValidateOptions<CatalogOptions>
    {
        public ValidateOptionsResult Validate(string? name, CatalogOptions options)
        {
            if (RepositoryAddress.Parse(options.Repository, out var problem) is not { } address)
            {
                return ValidateOptionsResult.Fail($"Catalog:Repository: {problem}");
            }

            var problems = RemoteAccess.Problems(address, options).Concat(RemoteAccess.ServiceProblems(address, options)).ToList();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
