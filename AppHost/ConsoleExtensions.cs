using Platform.AppHost.Supervision;

namespace Platform.AppHost;

public static class ConsoleExtensions
{
    /// <summary>
    /// The console: the broker for the live events, the three services' APIs through service discovery
    /// (<c>services__builder__http__0</c>, ...), the password for actions from the secret parameter <c>console-password</c>
    /// (generated, 24 characters; set <c>Parameters:console-password</c> to choose it), a health check, a restart on a crash.
    /// It starts after the services it reads and is the dashboard's "Console" link.
    /// </summary>
    public static IResourceBuilder<T> AddConsole<T>(
        this IDistributedApplicationBuilder builder,
        IServiceFactory<T> factory,
        string name,
        IResourceBuilder<IResourceWithConnectionString> messaging,
        params IResourceBuilder<T>[] services)
        where T : class, IResourceWithEnvironment, IResourceWithServiceDiscovery, IResourceWithWaitSupport
    {
        var password = builder.AddParameter("console-password", new GenerateParameterDefault { MinLength = 24, Special = false }, secret: true, persist: false);
        var console = factory.Add(name, "console")
            .WithReference(messaging).WaitFor(messaging)
            .WithEnvironment("Console__Password", password)
            .WithHttpHealthCheck("/health")
            .WithRestartPolicy()
            .WithUrlForEndpoint("http", url => url.DisplayText = "Console (commits, images, watches, environment)");
        foreach (var service in services)
        {
            console.WithReference(builder.CreateResourceBuilder<IResourceWithServiceDiscovery>(service.Resource)).WaitFor(service);
        }

        return console;
    }

    /// <summary>
    /// The builder's dashboard commands, the same APIs as the console's actions and the CLI: <c>POST /api/commits/check</c> (as a git
    /// hook) and <c>POST /api/commits/replan</c> (build again what failed at the followed revision, <c>platform builds replan</c>).
    /// They send the API token, so they work also where the builder does not see the AppHost as loopback (a container).
    /// </summary>
    public static IResourceBuilder<T> WithBuilderCommands<T>(this IResourceBuilder<T> builder, IResourceBuilder<ParameterResource> apiToken)
        where T : IResourceWithEndpoints =>
        builder.WithHttpCommand("/api/commits/check", "Check repository now", commandName: "check-repository", commandOptions: new HttpCommandOptions
        {
            Method = HttpMethod.Post,
            PrepareRequest = context => WithTokenAsync(context, apiToken),
            Description = "Read the followed revision now instead of at the next poll; a new commit is planned and built.",
            IconName = "ArrowSync",
            IsHighlighted = true,
        })
        .WithHttpCommand("/api/commits/replan", "Rebuild failed images", commandName: "rebuild-failed", commandOptions: new HttpCommandOptions
        {
            Method = HttpMethod.Post,
            Description = "Plan the followed revision again now: what failed there is built again at once; what was pushed is not built twice.",
            IconName = "ArrowClockwise",
            PrepareRequest = context => WithTokenAsync(context, apiToken),
        });

    private static async Task WithTokenAsync(HttpCommandRequestContext context, IResourceBuilder<ParameterResource> apiToken)
    {
        if (await apiToken.Resource.GetValueAsync(context.CancellationToken) is { Length: > 0 } token)
        {
            context.Request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }
    }
}
