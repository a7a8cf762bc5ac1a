using Microsoft.Extensions.Diagnostics.HealthChecks;
using Platform.Catalog.Git;
using Platform.Catalog.Remote;
using Platform.Testing;

namespace Platform.Catalog.Tests.Remote;

/// <summary>Following a remote over git smart HTTP with basic auth: a real nginx + git http-backend on loopback.</summary>
public sealed class HttpRemoteTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Follows_the_remote_through_a_bare_partial_mirror_and_sees_each_push_once_the_interval_has_passed()
    {
        await using var server = await GitHttpServer.StartAsync();
        using var scenario = await MirrorScenario.CreateAsync();
        await server.CreateRepositoryAsync("images");
        var first = await scenario.Work.CommitAllAsync("two images");
        await server.PushAsync(scenario.Work, "images");
        var (repository, catalog) = scenario.Follow(Settings(server, "images", fetchInterval: "00:00:00.300"));
        using var cts = new CancellationTokenSource(Deadline);

        var atFirst = await catalog.GetAsync(cts.Token);
        scenario.Work.WriteFile("images/app2/Dockerfile", "FROM scratch\n");
        var second = await scenario.Work.CommitAllAsync("a third image");
        await server.PushAsync(scenario.Work, "images");
        var atSecond = await Eventually.WaitAsync(ct => catalog.GetAsync(ct), c => c.Commit == second, TimeSpan.FromSeconds(10),
            $"the catalogue to move to {second[..7]} after the push");

        Assert.Equal(first, atFirst.Commit);
        Assert.Equal(["app0", "app1"], atFirst.Images.Select(i => i.Spec.Name).Order());
        Assert.Equal(["app0", "app1", "app2"], atSecond.Images.Select(i => i.Spec.Name).Order());
        var mirror = repository.Git;
        Assert.Equal(Path.Combine(scenario.MirrorFolder, "mirror.git"), mirror.Path);
        Assert.Equal("true", (await mirror.RunAsync(["rev-parse", "--is-bare-repository"], cts.Token)).Trim());
        Assert.True(await mirror.IsPartialAsync(cts.Token), "expected a partial clone (Catalog:PartialClone is on by default)");
        Assert.Contains(scenario.Log.Lines, l => l.Contains($"Cloning {server.UrlOf("images")} into", StringComparison.Ordinal));
        Assert.Contains(scenario.Log.Lines, l => l.Contains($"Cloning {server.UrlOf("images")}: remote: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reads_the_files_of_a_partial_mirror_in_one_request_however_many_images_there_are()
    {
        await using var server = await GitHttpServer.StartAsync();
        using var scenario = await MirrorScenario.CreateAsync(images: 24);
        await server.CreateRepositoryAsync("images");
        await scenario.Work.CommitAllAsync("24 images");
        await server.PushAsync(scenario.Work, "images");
        var (repository, catalog) = scenario.Follow(Settings(server, "images"));
        using var cts = new CancellationTokenSource(Deadline);
        var before = server.Requests().Count(IsFetch);

        var images = await catalog.GetAsync(cts.Token);
        await using var context = await repository.Git.ArchiveAsync(images.Commit, "images/app7", cts.Token);

        // The clone is one or two fetch requests, the 24 Dockerfiles one more, the build context one more: git alone would ask once per file.
        var fetches = server.Requests().Count(IsFetch) - before;
        Assert.Equal(24, images.Images.Count);
        Assert.True(fetches <= 5, $"expected at most 5 fetch requests for the clone, 24 Dockerfiles and one context, saw {fetches}: {string.Join(", ", server.Requests())}");
        Assert.Contains("data of app 7", ReadTar(context));
    }

    [Fact]
    public async Task A_force_push_is_followed_and_logged()
    {
        await using var server = await GitHttpServer.StartAsync();
        using var scenario = await MirrorScenario.CreateAsync();
        await server.CreateRepositoryAsync("images");
        var first = await scenario.Work.CommitAllAsync("one");
        scenario.Work.WriteFile("images/app0/data.txt", "changed\n");
        await scenario.Work.CommitAllAsync("two");
        await server.PushAsync(scenario.Work, "images");
        var (repository, catalog) = scenario.Follow(Settings(server, "images", fetchInterval: "01:00:00"));
        using var cts = new CancellationTokenSource(Deadline);
        await catalog.GetAsync(cts.Token);

        await scenario.Work.GitAsync("reset", "--hard", "--quiet", first);
        scenario.Work.WriteFile("images/app1/data.txt", "rewritten\n");
        var rewritten = await scenario.Work.CommitAllAsync("two, rewritten");
        await server.PushAsync(scenario.Work, "images", force: true);
        repository.RequestFetch();
        var after = await catalog.GetAsync(cts.Token);

        Assert.Equal(rewritten, after.Commit);
        Assert.Contains(scenario.Log.Lines, l => l.Contains("Fetched", StringComparison.Ordinal) && l.Contains("forced update", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_commit_a_message_names_is_fetched_at_once_whatever_the_interval()
    {
        await using var server = await GitHttpServer.StartAsync();
        using var scenario = await MirrorScenario.CreateAsync();
        await server.CreateRepositoryAsync("images");
        var first = await scenario.Work.CommitAllAsync("one");
        await server.PushAsync(scenario.Work, "images");
        var (_, catalog) = scenario.Follow(Settings(server, "images", fetchInterval: "01:00:00"));
        using var cts = new CancellationTokenSource(Deadline);
        await catalog.GetAsync(cts.Token);
        scenario.Work.WriteFile("images/app0/data.txt", "two\n");
        var second = await scenario.Work.CommitAllAsync("two");
        await server.PushAsync(scenario.Work, "images");

        var beforeCatchUp = await catalog.GetAsync(cts.Token);
        var caughtUp = await catalog.CatchUpAsync(second, cts.Token);
        var afterCatchUp = await catalog.GetAsync(cts.Token);

        Assert.True(first == beforeCatchUp.Commit, $"expected no fetch before the interval: at {beforeCatchUp.Commit[..7]}, first {first[..7]}, second {second[..7]}; log:\n{scenario.Log.Text}");
        Assert.True(caughtUp, "expected the mirror to have the named commit after catching up");
        Assert.True(second == afterCatchUp.Commit, $"expected the catalogue at {second[..7]} after catching up, it is at {afterCatchUp.Commit[..7]}; log:\n{scenario.Log.Text}");
    }

    [Fact]
    public async Task Wrong_credentials_fail_with_an_error_that_names_the_remote_and_the_settings_and_never_the_secret()
    {
        await using var server = await GitHttpServer.StartAsync();
        using var scenario = await MirrorScenario.CreateAsync();
        await server.CreateRepositoryAsync("images");
        await scenario.Work.CommitAllAsync("one");
        await server.PushAsync(scenario.Work, "images");
        var wrong = "wrong-" + Guid.NewGuid().ToString("N");
        var settings = Settings(server, "images");
        settings.Password = wrong;
        var (repository, catalog) = scenario.Follow(settings);
        using var cts = new CancellationTokenSource(Deadline);

        var error = await Assert.ThrowsAsync<GitException>(() => catalog.GetAsync(cts.Token));
        var health = await new RepositoryHealthCheck(repository, TimeProvider.System).CheckHealthAsync(new HealthCheckContext(), cts.Token);

        Assert.Contains(server.UrlOf("images"), error.Message);
        Assert.Contains("refused the credentials (Catalog:Username and Catalog:Password, or Catalog:Token)", error.Message);
        Assert.Equal(HealthStatus.Degraded, health.Status);
        Assert.Contains("refused the credentials", health.Description);
        foreach (var text in new[] { error.Message, health.Description!, scenario.Log.Text })
        {
            Assert.DoesNotContain(wrong, text);
        }

        Assert.False(Directory.Exists(repository.Git.Path), "a clone that failed leaves no mirror behind");
    }

    [Fact]
    public async Task While_the_remote_is_down_the_mirror_keeps_serving_backs_off_says_why_in_health_and_recovers_by_itself()
    {
        await using var server = await GitHttpServer.StartAsync();
        using var scenario = await MirrorScenario.CreateAsync();
        await server.CreateRepositoryAsync("images");
        var first = await scenario.Work.CommitAllAsync("one");
        await server.PushAsync(scenario.Work, "images");
        var settings = Settings(server, "images", fetchInterval: "00:00:00.200");
        settings.MaxFetchBackoff = TimeSpan.FromSeconds(1);
        var (repository, catalog) = scenario.Follow(settings);
        var health = new RepositoryHealthCheck(repository, TimeProvider.System);
        using var cts = new CancellationTokenSource(Deadline);
        await catalog.GetAsync(cts.Token);

        await server.StopAsync();
        var served = new List<string>();
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(3);
        while (DateTime.UtcNow < until)
        {
            served.Add((await catalog.GetAsync(cts.Token)).Commit);
            await Task.Delay(50, cts.Token);
        }

        var down = repository.MirrorState!;
        var whileDown = await health.CheckHealthAsync(new HealthCheckContext(), cts.Token);
        await server.StartAgainAsync();
        scenario.Work.WriteFile("images/app0/data.txt", "two\n");
        var second = await scenario.Work.CommitAllAsync("two");
        await server.PushAsync(scenario.Work, "images");
        await Eventually.WaitAsync(ct => catalog.GetAsync(ct), c => c.Commit == second, TimeSpan.FromSeconds(15),
            $"the catalogue to reach {second[..7]} once the remote is back");
        var back = await health.CheckHealthAsync(new HealthCheckContext(), cts.Token);

        Assert.All(served, commit => Assert.Equal(first, commit));
        // 3 s at a 200 ms interval would be 15 attempts; doubling up to 1 s leaves about 5.
        Assert.InRange(down.Failures, 2, 7);
        Assert.Contains("cannot be reached", down.LastError);
        Assert.Equal(HealthStatus.Degraded, whileDown.Status);
        Assert.Contains(server.UrlOf("images"), whileDown.Description);
        Assert.Contains("working from the mirror as last fetched", whileDown.Description);
        Assert.Equal(HealthStatus.Healthy, back.Status);
        Assert.Contains(scenario.Log.Lines, l => l.Contains("answers again after", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_repository_without_the_images_root_has_a_warning_that_names_the_setting()
    {
        await using var server = await GitHttpServer.StartAsync();
        using var scenario = await MirrorScenario.CreateAsync(images: 0);
        scenario.Work.WriteFile("src/main.py", "print('not an image repository')\n");
        await server.CreateRepositoryAsync("code");
        await scenario.Work.CommitAllAsync("code only");
        await server.PushAsync(scenario.Work, "code");
        var (_, catalog) = scenario.Follow(Settings(server, "code"));
        using var cts = new CancellationTokenSource(Deadline);

        var images = await catalog.GetAsync(cts.Token);

        Assert.Empty(images.Images);
        var warning = Assert.Single(images.Warnings);
        Assert.Contains("no folder images/", warning.Message);
        Assert.Contains("Catalog:ImagesRoot", warning.Message);
    }

    internal static CatalogOptions Settings(GitHttpServer server, string name, string fetchInterval = "00:00:01") => new()
    {
        Repository = server.UrlOf(name),
        Username = server.User,
        Password = server.Password,
        FetchInterval = TimeSpan.Parse(fetchInterval, System.Globalization.CultureInfo.InvariantCulture),
    };

    private static bool IsFetch(string request) => request.StartsWith("POST ", StringComparison.Ordinal) && request.Contains("git-upload-pack", StringComparison.Ordinal);

    private static string ReadTar(Stream tar)
    {
        using var reader = new System.Formats.Tar.TarReader(tar);
        var text = new System.Text.StringBuilder();
        while (reader.GetNextEntry() is { } entry)
        {
            if (entry.DataStream is { } data)
            {
                text.Append(new StreamReader(data).ReadToEnd());
            }
        }

        return text.ToString();
    }
}
