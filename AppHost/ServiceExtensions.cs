using Platform.AppHost.Containers;
using Platform.AppHost.Supervision;

namespace Platform.AppHost;

public static class ServiceExtensions
{
    /// <summary>What every Platform service gets: the broker, the registry, the repository of images, a data folder, a health check, a restart when it exits unexpectedly.</summary>
    public static IResourceBuilder<T> WithPlatformDefaults<T>(
        this IResourceBuilder<T> service,
        PlatformSettings settings,
        IResourceBuilder<IResourceWithConnectionString> messaging,
        IResourceBuilder<IResourceWithConnectionString> registry,
        string? section = null)
        where T : class, IResourceWithEnvironment, IResourceWithServiceDiscovery, IResourceWithWaitSupport
    {
        var name = service.Resource.Name;
        section ??= string.Concat(name.Split('-').Select(part => char.ToUpperInvariant(part[0]) + part[1..]));
        var isRun = service.ApplicationBuilder.ExecutionContext.IsRunMode;
        var inPod = InPod(service);

        // Published manifests must not carry paths of the machine that wrote them; a service container has the pod's paths.
        service
            .WithReference(messaging).WaitFor(messaging)
            .WithReference(registry)
            // A remote's URL is the same everywhere; a local path is the machine's, and a published manifest names a mount instead.
            .WithEnvironment("Catalog__Repository", !inPod || settings.RepositoryAccess is not null ? settings.Repository : "/var/lib/platform/repository")
            .WithEnvironment("Catalog__ImagesRoot", settings.ImagesRoot)
            .WithEnvironment($"{section}__DataDirectory", inPod ? $"/var/lib/platform/{name}" : settings.DataOf(name))
            .WithHttpHealthCheck("/health")
            .WithRestartPolicy();
        if (registry.Resource is not ConnectionStringResource)
        {
            service.WaitFor(registry);
        }

        if (settings.RootImage is { } rootImage && isRun)
        {
            service.WithEnvironment("Catalog__BuildArgs__ROOT_IMAGE", rootImage);
        }

        return service;
    }

    /// <summary>
    /// The builder's push webhook secrets: one secret parameter per provider whose value the AppHost's configuration
    /// holds (<c>Parameters:github-webhook-secret</c> in its user secrets); a provider without one stays off. Only in
    /// run mode, so that the published manifest does not depend on the secrets of the machine that wrote it.
    /// </summary>
    public static IResourceBuilder<T> WithPushWebhookSecrets<T>(this IResourceBuilder<T> builder)
        where T : class, IResourceWithEnvironment, IResourceWithServiceDiscovery, IResourceWithWaitSupport
    {
        var app = builder.ApplicationBuilder;
        foreach (var (parameter, provider) in new[]
        {
            ("github-webhook-secret", "GitHub"), ("gitlab-webhook-token", "GitLab"), ("gitea-webhook-secret", "Gitea"), ("git-webhook-secret", "Git"),
        })
        {
            if (app.ExecutionContext.IsRunMode && app.Configuration[$"Parameters:{parameter}"] is { Length: > 0 })
            {
                builder.WithEnvironment($"Builder__Webhooks__{provider}__Secret", app.AddParameter(parameter, secret: true));
            }
        }

        return builder;
    }

    /// <summary>
    /// The watcher's webhook secret, and the local root image left out of the upstream watches: it is made in
    /// the local engine by scripts/bootstrap-root-image.sh and is in no registry.
    /// </summary>
    public static IResourceBuilder<T> WithWatcherSettings<T>(
        this IResourceBuilder<T> watcher, PlatformSettings settings, IResourceBuilder<ParameterResource> webhookSecret)
        where T : class, IResourceWithEnvironment, IResourceWithServiceDiscovery, IResourceWithWaitSupport
    {
        watcher.WithEnvironment("RegistryWatcher__Webhooks__Secret", webhookSecret);
        if (settings.RootImage == PlatformSettings.DefaultRootImage && watcher.ApplicationBuilder.ExecutionContext.IsRunMode)
        {
            watcher.WithEnvironment("RegistryWatcher__Upstream__Ignore__0", settings.RootImage);
        }

        return watcher;
    }

    /// <summary>The service sees the paths of the export's pods: in the published manifest, and as a container of its image.</summary>
    public static bool InPod<T>(IResourceBuilder<T> service)
        where T : IResource =>
        !service.ApplicationBuilder.ExecutionContext.IsRunMode || service.Resource is ServiceContainerResource;
}
