using Platform.AppHost.Supervision;

namespace Platform.AppHost.Infrastructure;

public static class RegistryExtensions
{
    public const string RegistryImage = "registry";
    public const string RegistryTag = "2.8.3";

    /// <summary>
    /// The image registry: the one <c>Platform:Registry</c> names if set; else a CNCF distribution registry,
    /// in run mode with <c>Platform:Infrastructure=host</c> from the <c>docker-registry</c> OS package,
    /// otherwise (and always in the manifest) from the <c>registry</c> image.
    /// </summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddImageRegistry(
        this IDistributedApplicationBuilder builder, string name, PlatformSettings settings)
    {
        if (settings.ExternalRegistry is { } external)
        {
            // An existing registry: nothing to start, only its address to hand to the services.
            var address = external.GetLeftPart(UriPartial.Authority);
            return builder.AddResource<IResourceWithConnectionString>(new ConnectionStringResource(name, ReferenceExpression.Create($"{address}")));
        }

        if (builder.ExecutionContext.IsPublishMode || settings.Infrastructure == InfrastructureMode.Containers)
        {
            var container = builder.AddResource(new RegistryContainerResource(name))
                .WithImage(RegistryImage, RegistryTag)
                .WithImageRegistry("docker.io")
                .WithHttpEndpoint(targetPort: 5000, name: "http")
                .WithEnvironment("REGISTRY_STORAGE_DELETE_ENABLED", "true")
                .WithHttpHealthCheck("/v2/");
            if (builder.ExecutionContext.IsRunMode)
            {
                container.WithVolume($"platform-{name}", "/var/lib/registry");
            }

            return builder.CreateResourceBuilder<IResourceWithConnectionString>(container.Resource);
        }

        var data = settings.DataOf(name);
        var config = WriteConfig(data);
        var process = new RegistryProcessResource(name, data);
        builder.AddResource(process)
            .WithArgs("serve", config)
            .WithHttpEndpoint(name: "http")
            .WithEnvironment("REGISTRY_HTTP_ADDR", ReferenceExpression.Create($"127.0.0.1:{process.Endpoint.Property(EndpointProperty.TargetPort)}"))
            .WithHttpHealthCheck("/v2/")
            .WithRestartPolicy()
            .WithIconName("BoxMultiple");
        return builder.CreateResourceBuilder<IResourceWithConnectionString>(process);
    }

    /// <summary>The registry's configuration; the listen address comes from the environment at start.</summary>
    private static string WriteConfig(string data)
    {
        Directory.CreateDirectory(Path.Combine(data, "storage"));
        var path = Path.Combine(data, "config.yml");
        File.WriteAllText(path, $"""
            # Written by the AppHost at every start; edit AppHost/Infrastructure/RegistryExtensions.cs instead.
            version: 0.1
            log:
              level: warn
              formatter: text
              accesslog:
                disabled: true
            storage:
              filesystem:
                rootdirectory: {Path.Combine(data, "storage")}
              delete:
                enabled: true
            http:
              addr: 127.0.0.1:0
              headers:
                X-Content-Type-Options: [nosniff]
            """);
        return path;
    }
}
