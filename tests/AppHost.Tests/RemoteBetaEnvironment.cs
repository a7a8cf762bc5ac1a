using Platform.Testing;

namespace Platform.AppHost.Tests;

/// <summary>
/// The beta environment following a remote over git smart HTTP with basic auth (a real nginx + git http-backend on
/// loopback): the password reaches the services as the secret parameter <c>repository-password</c>, and each service
/// reads its own mirror. <see cref="BetaEnvironment.PublishAsync"/> is a developer's <c>git push</c>. The builder's
/// GitHub push webhook is on (<see cref="GitHubSecret"/>), and the remote is looked at every 5 s as well.
/// </summary>
public class RemoteBetaEnvironment : BetaEnvironment
{
    private GitHttpServer? server;

    public GitHttpServer Server => server ?? throw new InvalidOperationException("The environment is not started.");

    public string RemoteUrl => Server.UrlOf("images");

    /// <summary>The secret of the builder's GitHub push webhook (the AppHost parameter <c>github-webhook-secret</c>).</summary>
    public string GitHubSecret { get; } = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    /// <summary>How often the services look at the remote (Platform:RepositoryPollInterval).</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(5);

    protected override async Task<string[]> RepositoryArgumentsAsync()
    {
        server = await GitHttpServer.StartAsync();
        await server.CreateRepositoryAsync("images");
        await PublishAsync();
        return
        [
            $"--Platform:Repository={RemoteUrl}",
            $"--Platform:RepositoryUsername={server.User}",
            $"--Parameters:repository-password={server.Password}",
            $"--Parameters:github-webhook-secret={GitHubSecret}",
            $"--Platform:RepositoryPollInterval={PollInterval}",
        ];
    }

    public override Task PublishAsync() => Server.PushAsync(Repository, "images");

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }
}
