using System.Text.Json;
using Platform.Testing;

namespace Platform.Builder.Tests.Service;

/// <summary>
/// The builder following a remote over git smart HTTP (nginx + git http-backend with basic auth on loopback):
/// a developer pushes, the builder fetches into its own mirror, builds and pushes the image.
/// </summary>
[Collection(BuilderServiceCollection.Name)]
public sealed class RemoteRepositoryTests(BuilderInfrastructure infrastructure) : IDisposable
{
    private const string Dockerfile = "ARG ROOT_IMAGE\nFROM ${ROOT_IMAGE}\nCOPY hello.txt /srv/\n";
    private readonly TempDirectory mirror = new("builder-mirror");

    [Fact]
    public async Task Builds_what_is_pushed_to_the_remote_and_a_commit_check_fetches_the_next_push_at_once()
    {
        await using var server = await GitHttpServer.StartAsync();
        await using var scenario = await BuilderScenario.CreateAsync(infrastructure);
        await server.CreateRepositoryAsync("images");
        scenario.WriteImage("hello", Dockerfile, ("hello.txt", "one\n"));
        var first = await scenario.Repository.CommitAllAsync("an image");
        await server.PushAsync(scenario.Repository, "images");
        // An hour between fetches: only the check (what a push webhook or a git hook does) can show the second push.
        await scenario.StartBuilderAsync(Remote(server, server.Password, fetchInterval: "01:00:00"));
        await scenario.WaitForPushAsync(scenario.Image("hello"), first);

        scenario.Repository.WriteFile("images/hello/hello.txt", "two\n");
        var second = await scenario.Repository.CommitAllAsync("a change");
        await server.PushAsync(scenario.Repository, "images");
        await scenario.CheckNowAsync();

        await scenario.WaitForPushAsync(scenario.Image("hello"), second);
        var health = await scenario.HealthAsync();
        Assert.True(health.GetProperty("checks").GetProperty("repository").GetProperty("status").GetString() == "Healthy",
            scenario.Failure($"expected the repository check to be Healthy, /health said {health}"));
        Assert.True(Directory.Exists(Path.Combine(mirror.Path, "mirror.git")), scenario.Failure($"expected the mirror in {mirror.Path}"));
    }

    [Fact]
    public async Task Builds_what_is_pushed_over_ssh_with_a_deploy_key_and_the_pinned_host_key()
    {
        await using var server = await GitSshServer.StartAsync();
        await using var scenario = await BuilderScenario.CreateAsync(infrastructure);
        await server.CreateRepositoryAsync("images");
        scenario.WriteImage("hello", Dockerfile, ("hello.txt", "one\n"));
        var first = await scenario.Repository.CommitAllAsync("an image");
        await server.PushAsync(scenario.Repository, "images");
        await scenario.StartBuilderAsync(new Dictionary<string, string>
        {
            ["Catalog:Repository"] = server.UrlOf("images"),
            ["Catalog:SshKeyFile"] = server.DeployKeyFile,
            ["Catalog:SshKnownHosts"] = server.KnownHostsLine,
            ["Catalog:MirrorDirectory"] = mirror.Path,
            ["Catalog:FetchInterval"] = "01:00:00",
        });
        await scenario.WaitForPushAsync(scenario.Image("hello"), first);

        scenario.Repository.WriteFile("images/hello/hello.txt", "two\n");
        var second = await scenario.Repository.CommitAllAsync("a change");
        await server.PushAsync(scenario.Repository, "images");
        await scenario.CheckNowAsync();

        await scenario.WaitForPushAsync(scenario.Image("hello"), second);
        Assert.Contains("git-shell", server.Log);
    }

    [Fact]
    public async Task An_unreachable_remote_makes_health_degraded_with_the_reason_and_the_builder_recovers_by_itself_when_it_returns()
    {
        await using var server = await GitHttpServer.StartAsync();
        await using var scenario = await BuilderScenario.CreateAsync(infrastructure);
        await server.CreateRepositoryAsync("images");
        scenario.WriteImage("hello", Dockerfile, ("hello.txt", "one\n"));
        var first = await scenario.Repository.CommitAllAsync("an image");
        await server.PushAsync(scenario.Repository, "images");
        await scenario.StartBuilderAsync(Remote(server, server.Password, fetchInterval: "00:00:00.500", maxBackoff: "00:00:02"));
        await scenario.WaitForPushAsync(scenario.Image("hello"), first);

        await server.StopAsync();
        var degraded = await WaitForRepositoryHealthAsync(scenario, "Degraded", "cannot be reached");
        await server.StartAgainAsync();
        scenario.Repository.WriteFile("images/hello/hello.txt", "two\n");
        var second = await scenario.Repository.CommitAllAsync("pushed once the remote is back");
        await server.PushAsync(scenario.Repository, "images");

        await scenario.WaitForPushAsync(scenario.Image("hello"), second);
        await WaitForRepositoryHealthAsync(scenario, "Healthy");
        var reason = degraded.GetProperty("description").GetString() ?? "";
        Assert.True(reason.Contains(server.UrlOf("images"), StringComparison.Ordinal) && reason.Contains("cannot be reached", StringComparison.Ordinal),
            scenario.Failure($"expected the degraded check to name the remote and say it cannot be reached, it said: {reason}"));
        Assert.Contains("answers again after", await File.ReadAllTextAsync(scenario.LogPath));
    }

    [Fact]
    public async Task Wrong_credentials_are_reported_naming_the_remote_and_the_password_is_never_logged()
    {
        const string wrong = "wrong-remote-password-never-logged-91c2";
        await using var server = await GitHttpServer.StartAsync();
        await using var scenario = await BuilderScenario.CreateAsync(infrastructure);
        await server.CreateRepositoryAsync("images");
        scenario.WriteImage("hello", Dockerfile, ("hello.txt", "one\n"));
        await scenario.Repository.CommitAllAsync("an image");
        await server.PushAsync(scenario.Repository, "images");

        await scenario.StartBuilderAsync(Remote(server, wrong, fetchInterval: "00:00:00.500"));
        // Degraded while it clones for the first time too: wait for the reason.
        var degraded = await WaitForRepositoryHealthAsync(scenario, "Degraded", "refused the credentials");
        await scenario.StopBuilderAsync();

        var reason = degraded.GetProperty("description").GetString() ?? "";
        Assert.True(reason.Contains(server.UrlOf("images"), StringComparison.Ordinal) && reason.Contains("refused the credentials", StringComparison.Ordinal),
            scenario.Failure($"expected the degraded check to name the remote and the refused credentials, it said: {reason}"));
        Assert.DoesNotContain(wrong, await File.ReadAllTextAsync(scenario.LogPath));
        Assert.DoesNotContain(wrong, reason);
        Assert.Empty(scenario.PushesOf(scenario.Image("hello")));
    }

    [Theory]
    [InlineData("git@git.example.com:team/images.git", "Catalog:SshKeyFile is required to follow git@git.example.com:team/images.git")]
    [InlineData("https://ghp_never-shown@github.com/acme/images.git", "put them in Catalog:Username and Catalog:Password (or Catalog:Token), never in the URL")]
    public async Task A_remote_setting_that_cannot_work_stops_the_builder_at_start_with_the_key_named(string repository, string message)
    {
        using var data = new TempDirectory("builder-bad-remote");
        await using var host = new BuilderHost(new Dictionary<string, string>
        {
            ["ConnectionStrings:messaging"] = infrastructure.Broker.ConnectionString,
            ["ConnectionStrings:registry"] = "http://127.0.0.1:9",
            ["Catalog:Repository"] = repository,
            ["Builder:DataDirectory"] = data.Path,
        }, Path.Combine(data.Path, "builder.log"));

        var error = Assert.ThrowsAny<Exception>(() => host.CreateClient());

        var messages = string.Join(" | ", Chain(error).Select(e => e.Message));
        Assert.True(messages.Contains(message, StringComparison.Ordinal), $"expected the start to fail with '{message}', it failed with: {messages}");
        Assert.DoesNotContain("ghp_never-shown", messages);
    }

    public void Dispose() => mirror.Dispose();

    private static IEnumerable<Exception> Chain(Exception error)
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            yield return e;
            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Chain))
                {
                    yield return inner;
                }
            }
        }
    }

    private Dictionary<string, string> Remote(GitHttpServer server, string password, string fetchInterval, string maxBackoff = "00:00:05") => new()
    {
        ["Catalog:Repository"] = server.UrlOf("images"),
        ["Catalog:Username"] = server.User,
        ["Catalog:Password"] = password,
        ["Catalog:MirrorDirectory"] = mirror.Path,
        ["Catalog:FetchInterval"] = fetchInterval,
        ["Catalog:MaxFetchBackoff"] = maxBackoff,
    };

    private static async Task<JsonElement> WaitForRepositoryHealthAsync(BuilderScenario scenario, string status, string reason = "") =>
        (await Eventually.WaitAsync(
            _ => scenario.HealthAsync(),
            health => health.GetProperty("checks").GetProperty("repository") is var check
                && check.GetProperty("status").GetString() == status
                && (check.GetProperty("description").GetString() ?? "").Contains(reason, StringComparison.Ordinal),
            BuilderScenario.StepTimeout,
            scenario.Failure($"/health to show the repository check {status} ({reason})")))
        .GetProperty("checks").GetProperty("repository");
}
