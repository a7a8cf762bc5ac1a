namespace Platform.AppHost.Containers;

/// <summary>
/// The services as containers of Platform's own images (<c>Platform:Services=containers</c>), with the settings the Kubernetes
/// export gives their pods. Why not Aspire's <c>AddContainer</c>: RabbitMQ and the registry run as host processes bound to
/// 127.0.0.1, so a service container needs the host's network namespace (<c>--network host</c>), and DCP always attaches its
/// containers to its own session network, which docker refuses beside host networking ("cannot attach both user-defined and
/// non-user-defined network-modes"); the container tunnel of Aspire 13 that would bridge the two builds its image from
/// mcr.microsoft.com, which is not reachable here. So DCP runs <c>scripts/platform-container.sh</c> as an executable, which
/// runs the container in the foreground (<c>docker run --rm --network host</c>): stop, start, restart and the AppHost's crash
/// restarts work as for a process, and each start creates the container again on the same named volume.
/// </summary>
public static class ServiceContainerExtensions
{
    public const string DataPath = "/var/lib/platform";
    public const string EnvironmentList = "PLATFORM_CONTAINER_ENV";
    public const string EngineSocket = "PLATFORM_CONTAINER_DOCKER_SOCKET";

    public static IResourceBuilder<ServiceContainerResource> AddServiceContainer(
        this IDistributedApplicationBuilder builder, string name, string image, PlatformSettings settings, ServiceImages images)
    {
        var container = new ServiceContainerResource(name, settings.ScriptsDirectory, image, $"platform-{settings.Environment}-{name}", $"platform-{settings.Environment}-{name}");
        var http = new EndpointReference(container, "http");
        if (!builder.Resources.OfType<ServiceContainerResource>().Any())
        {
            builder.Eventing.Subscribe<BeforeStartEvent>((start, _) =>
            {
                foreach (var each in start.Model.Resources.OfType<ServiceContainerResource>())
                {
                    builder.CreateResourceBuilder(each).WithEnvironment(PassByName);
                }

                return Task.CompletedTask;
            });
        }

        return builder.AddResource(container)
            // The image is read at every start: an upgrade is a restart once the images file names newer images.
            .WithArgs(context =>
            {
                context.Args.Add(Path.Combine(settings.ScriptsDirectory, "platform-container.sh"));
                context.Args.Add(container.ContainerName);
                context.Args.Add(images.Resolve(container.Image));
                context.Args.Add(container.Volume);
                foreach (var option in container.RunOptions)
                {
                    context.Args.Add(option);
                }
            })
            // HTTP_PORTS as in the pod; the listening address too, because the host's network namespace is shared: loopback, a port of its own.
            .WithHttpEndpoint(name: "http", env: "HTTP_PORTS")
            .WithEnvironment("ASPNETCORE_URLS", ReferenceExpression.Create($"http://127.0.0.1:{http.Property(EndpointProperty.TargetPort)}"))
            .WithEnvironment("OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY", "in_memory")
            .WithEnvironment("ASPNETCORE_FORWARDEDHEADERS_ENABLED", "true")
            .WithOtlpExporter()
            .WithIconName("Box");
    }

    /// <summary>
    /// The builder and the deployer reach the Docker engine as in the export's socket choice: the host's socket mounted at
    /// <c>/var/run/docker.sock</c> and <c>DOCKER_HOST</c> naming it; the script adds the socket's group to the image's user.
    /// </summary>
    public static IResourceBuilder<T> WithDockerEngine<T>(this IResourceBuilder<T> service)
        where T : IResourceWithEnvironment
    {
        if (service.Resource is ServiceContainerResource container)
        {
            var host = Environment.GetEnvironmentVariable("DOCKER_HOST") is { Length: > 0 } value && value.StartsWith("unix://", StringComparison.Ordinal)
                ? value["unix://".Length..]
                : "/var/run/docker.sock";
            service.WithEnvironment("DOCKER_HOST", "unix:///var/run/docker.sock").WithEnvironment(EngineSocket, host);
        }

        return service;
    }

    /// <summary>A local repository (not a remote) is mounted read-only where the export's pods expect it.</summary>
    public static IResourceBuilder<ServiceContainerResource> WithLocalRepository(this IResourceBuilder<ServiceContainerResource> service, PlatformSettings settings)
    {
        if (settings.RepositoryAccess is null)
        {
            service.Resource.RunOptions.AddRange(["-v", $"{settings.Repository}:{DataPath}/repository:ro"]);
            // The mount belongs to another user than the image's; git reads it only when told that this is intended.
            service.WithEnvironment("GIT_CONFIG_COUNT", "1")
                .WithEnvironment("GIT_CONFIG_KEY_0", "safe.directory")
                .WithEnvironment("GIT_CONFIG_VALUE_0", "*");
        }
        else if (settings.RepositoryAccess is { SshKeyFile.Length: > 0 } or { KnownHostsFile.Length: > 0 })
        {
            throw new InvalidOperationException(
                "Platform:Services=containers does not pass ssh key files into the containers yet; follow the remote over https (Platform:RepositoryUsername and the parameter repository-password), or use Platform:Services=projects.");
        }

        return service;
    }

    /// <summary>Every variable the AppHost gave the resource goes into the container, by name: the script reads the list.</summary>
    private static void PassByName(EnvironmentCallbackContext context) =>
        context.EnvironmentVariables[EnvironmentList] = string.Join(' ', context.EnvironmentVariables.Keys.Where(k => !k.StartsWith("PLATFORM_CONTAINER_", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
}
