using Platform.AppHost.Supervision;

namespace Platform.AppHost;

public static class ServiceExtensions
{
    /// <summary>What every Platform service gets: the broker, the registry, the repository of images, a data folder, a health check, a restart when it exits unexpectedly.</summary>
    public static IResourceBuilder<ProjectResource> WithPlatformDefaults(
        this IResourceBuilder<ProjectResource> service,
        PlatformSettings settings,
        IResourceBuilder<IResourceWithConnectionString> messaging,
        IResourceBuilder<IResourceWithConnectionString> registry,
        string? section = null)
    {
        var name = service.Resource.Name;
        section ??= string.Concat(name.Split('-').Select(part => char.ToUpperInvariant(part[0]) + part[1..]));
        var isRun = service.ApplicationBuilder.ExecutionContext.IsRunMode;

        // Published manifests must not carry paths of the machine that wrote them.
        service
            .WithHttpEndpoint()
            .WithReference(messaging).WaitFor(messaging)
            .WithReference(registry)
            // A remote's URL is the same everywhere; a local path is the machine's, and a published manifest names a mount instead.
            .WithEnvironment("Catalog__Repository", isRun || settings.RepositoryAccess is not null ? settings.Repository : "/var/lib/platform/repository")
            .WithEnvironment("Catalog__ImagesRoot", settings.ImagesRoot)
            .WithEnvironment($"{section}__DataDirectory", isRun ? settings.DataOf(name) : $"/var/lib/platform/{name}")
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
    public static IResourceBuilder<ProjectResource> WithPushWebhookSecrets(this IResourceBuilder<ProjectResource> builder)
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
    public static IResourceBuilder<ProjectResource> WithWatcherSettings(
        this IResourceBuilder<ProjectResource> watcher, PlatformSettings settings, IResourceBuilder<ParameterResource> webhookSecret)
    {
        watcher.WithEnvironment("RegistryWatcher__Webhooks__Secret", webhookSecret);
        if (settings.RootImage == PlatformSettings.DefaultRootImage && watcher.ApplicationBuilder.ExecutionContext.IsRunMode)
        {
            watcher.WithEnvironment("RegistryWatcher__Upstream__Ignore__0", settings.RootImage);
        }

        return watcher;
    }
}
