using Platform.AppHost.Containers;

namespace Platform.AppHost;

public static class DeployerExtensions
{
    /// <summary>
    /// A deployer for each further environment of <c>Platform:Environments</c> (<c>deployer-prod</c> for prod): its own data folder (and mirror of a remote repository), queues and
    /// container names (all by its environment), its environment file <c>deploy/&lt;name&gt;.yaml</c>, and the address of every other
    /// environment's deployer as <c>Deployer:Sources</c>, whose ledger says what ran there and qualifies for promotion.
    /// </summary>
    public static IReadOnlyList<IResourceBuilder<T>> AddFurtherDeployers<T>(
        this IDistributedApplicationBuilder builder,
        IServiceFactory<T> services,
        IResourceBuilder<T> deployer,
        PlatformSettings settings,
        IResourceBuilder<IResourceWithConnectionString> messaging,
        IResourceBuilder<IResourceWithConnectionString> registry,
        IResourceBuilder<ParameterResource>? repositoryPassword)
        where T : class, IResourceWithEnvironment, IResourceWithServiceDiscovery, IResourceWithWaitSupport
    {
        var all = new List<(string Environment, IResourceBuilder<T> Deployer)> { (settings.Environment, deployer) };
        foreach (var environment in settings.Environments.Skip(1))
        {
            var name = $"deployer-{environment}";
            all.Add((environment, services.Add(name, "deployer")
                .WithPlatformDefaults(settings, messaging, registry, section: "Deployer")
                .WithRepositoryAccess(settings, repositoryPassword)
                .WithDockerEngine()
                .WithEnvironment("Deployer__Environment", environment)));
        }

        foreach (var (environment, resource) in all)
        {
            foreach (var (source, other) in all.Where(a => a.Environment != environment))
            {
                resource.WithEnvironment($"Deployer__Sources__{source}", other.GetEndpoint("http"));
            }
        }

        return [.. all.Skip(1).Select(a => a.Deployer)];
    }
}
