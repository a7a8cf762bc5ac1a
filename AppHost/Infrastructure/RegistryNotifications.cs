namespace Platform.AppHost.Infrastructure;

public static class RegistryNotifications
{
    /// <summary>
    /// The shared secret of the registry's webhooks: generated (32 characters), secret, never written to a
    /// committed file; set <c>Parameters:registry-webhook-secret</c> (user secrets) to choose it.
    /// </summary>
    public static IResourceBuilder<ParameterResource> AddWebhookSecret(this IDistributedApplicationBuilder builder, string name) =>
        builder.AddParameter(name, new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true, persist: false);

    /// <summary>
    /// Makes the registry Platform runs (process or container) POST its push events to the watcher's
    /// distribution webhook with the shared secret. The registry's configuration takes the endpoint list
    /// from <c>REGISTRY_NOTIFICATIONS_ENDPOINTS</c> (YAML), so the secret is never written into config.yml.
    /// Pull events and blob pushes are not sent: docker-registry 2.8 applies the action filter only with a
    /// media-type filter beside it. An existing registry (<c>Platform:Registry</c>) is left as its owner configured it.
    /// </summary>
    public static IResourceBuilder<IResourceWithConnectionString> WithNotificationsTo(
        this IResourceBuilder<IResourceWithConnectionString> registry, EndpointReference watcher, IResourceBuilder<ParameterResource> secret)
    {
        if (registry.Resource is not IResourceWithEnvironment runnable)
        {
            return registry;
        }

        registry.ApplicationBuilder.CreateResourceBuilder(runnable).WithEnvironment("REGISTRY_NOTIFICATIONS_ENDPOINTS", ReferenceExpression.Create($"""
            - name: registry-watcher
              url: {watcher}/api/webhooks/distribution
              headers:
                Authorization: [Bearer {secret.Resource}]
              timeout: 2s
              threshold: 5
              backoff: 1s
              ignore:
                mediatypes: [application/octet-stream]
                actions: [pull]
            """));
        return registry;
    }
}
