using System.Text.Json;

namespace Platform.AppHost.Infrastructure;

public static class EndpointsFile
{
    public const string FileName = "endpoints.json";

    /// <summary>
    /// Writes the address of every service's HTTP API to <c>&lt;data&gt;/endpoints.json</c> once the
    /// environment's ports are chosen, so that the <c>platform</c> command finds the running beta
    /// environment without being told where it is.
    /// </summary>
    public static IDistributedApplicationBuilder WriteEndpointsFile(this IDistributedApplicationBuilder builder, PlatformSettings settings)
    {
        if (!builder.ExecutionContext.IsRunMode)
        {
            return builder;
        }

        builder.Eventing.Subscribe<AfterResourcesCreatedEvent>(async (created, cancellationToken) =>
        {
            var endpoints = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var resource in created.Model.Resources.OfType<IResourceWithEndpoints>())
            {
                var http = resource.Annotations.OfType<EndpointAnnotation>().FirstOrDefault(e => e.UriScheme is "http" or "https");
                if (http?.AllocatedEndpoint is { } allocated)
                {
                    endpoints[resource.Name] = allocated.UriString;
                }
            }

            Directory.CreateDirectory(settings.DataDirectory);
            await File.WriteAllTextAsync(
                Path.Combine(settings.DataDirectory, FileName),
                JsonSerializer.Serialize(endpoints, new JsonSerializerOptions { WriteIndented = true }),
                cancellationToken);
        });
        return builder;
    }
}
