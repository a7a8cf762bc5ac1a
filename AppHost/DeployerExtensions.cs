namespace Platform.AppHost;

public static class DeployerExtensions
{
    /// <summary>
    /// A deployer for each further environment of <c>Platform:Environments</c> (<c>deployer-prod</c> for prod): its own data folder (and mirror of a remote repository), queues and
    /// container names (all by its environment), its environment file <c>deploy/&lt;name&gt;.yaml</c>, and the address of every other
    /// environment's deployer as <c>Deployer:Sources</c>, whose ledger says what ran there and qualifies for promotion.
    /// </summary>
    public static IReadOnlyList<IResourceBuilder<ProjectResource>> AddFurtherDeployers(
        this IDistributedApplicationBuilder builder,
        IResourceBuilder<ProjectResource> deployer,
        PlatformSettings settings,
        IResourceBuilder<IResourceWithConnectionString> messaging,
        IResourceBuilder<IResourceWithConnectionString> registry,
        IResourceBuilder<ParameterResource>? repositoryPassword)
    {
        var all = new List<(string Environment, IResourceBuilder<ProjectResource> Deployer)> { (settings.Environment, deployer) };
        foreach (var environment in settings.Environments.Skip(1))
        {
            var name = $"deployer-{environment}";
            all.Add((environment, builder.AddProject<Projects.Deployer>(name)
                .WithPlatformDefaults(settings, messaging, registry, section: "Deployer")
                .WithRepositoryAccess(settings, repositoryPassword)
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
