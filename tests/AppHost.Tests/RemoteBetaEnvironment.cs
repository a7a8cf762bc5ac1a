using Platform.Testing;

namespace Platform.AppHost.Tests;

/// <summary>
/// The beta environment following a remote over git smart HTTP with basic auth (a real nginx + git http-backend on
/// loopback): the password reaches the services as the secret parameter <c>repository-password</c>, and each service
/// reads its own mirror. <see cref="BetaEnvironment.PublishAsync"/> is a developer's <c>git push</c>.
/// </summary>
public sealed class RemoteBetaEnvironment : BetaEnvironment
{
    private GitHttpServer? server;

    public GitHttpServer Server => server ?? throw new InvalidOperationException("The environment is not started.");

    public string RemoteUrl => Server.UrlOf("images");

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
