using System.Text.Json;
using Platform.Cli.Tests.Tool;
using Platform.Testing;

namespace Platform.Cli.Tests.Plan;

/// <summary>
/// <c>platform plan --repository &lt;url&gt;</c> as a user runs it (the built executable), against a real git smart-HTTP
/// server on loopback, with the credentials in the environment and the cache in a temporary XDG_CACHE_HOME.
/// </summary>
public sealed class RemotePlanTests : IDisposable
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(60);
    private static readonly string Executable = Path.Combine(AppContext.BaseDirectory, "Platform.Cli");
    private readonly TempDirectory cache = new("cli-cache");

    [Fact]
    public async Task Plans_a_remote_from_a_mirror_in_the_cache_folder_and_fetches_it_again_on_the_next_run()
    {
        await using var server = await GitHttpServer.StartAsync();
        using var images = await ImageRepository.CreateAsync();
        await server.CreateRepositoryAsync("images");
        await server.PushAsync(images.Git, "images");

        var first = await PlanAsync(server, server.Password);
        images.WriteFile("images/api/www/index.html", "<h1>api, again</h1>\n");
        var second = await images.CommitAllAsync("a new page");
        await server.PushAsync(images.Git, "images");
        var next = await PlanAsync(server, server.Password);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal(images.FirstCommit, JsonDocument.Parse(first.Output).RootElement.GetProperty("to").GetString());
        Assert.Contains($"Cloning {server.UrlOf("images")} into {cache.Path}/platform/repositories/", first.Error);
        Assert.True(next.ExitCode == 0, next.ToString());
        var plan = JsonDocument.Parse(next.Output).RootElement;
        Assert.Equal(second, plan.GetProperty("to").GetString());
        Assert.Equal(["acme/api"], plan.GetProperty("waves").EnumerateArray().SelectMany(w => w.GetProperty("images").EnumerateArray()).Select(i => i.GetProperty("name").GetString()));
        Assert.DoesNotContain("Cloning", next.Error);
    }

    [Fact]
    public async Task Wrong_credentials_exit_1_naming_the_remote_and_the_settings_and_never_the_password()
    {
        const string wrong = "not-the-password-5e1d";
        await using var server = await GitHttpServer.StartAsync();
        using var images = await ImageRepository.CreateAsync();
        await server.CreateRepositoryAsync("images");
        await server.PushAsync(images.Git, "images");

        var run = await PlanAsync(server, wrong);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains($"error: Cloning {server.UrlOf("images")} failed: the remote refused the credentials", run.Error);
        Assert.DoesNotContain(wrong, run.Error + run.Output);
    }

    [Fact]
    public async Task A_url_with_a_token_in_it_exits_2_without_repeating_the_token()
    {
        var run = await ToolProcess.RunAsync(Executable, ["plan", "-r", "https://ghp_tokenvalue42@github.com/acme/images.git"], RunTimeout, cache.Path);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("put them in Catalog:Username and Catalog:Password (or Catalog:Token)", run.Error);
        Assert.DoesNotContain("ghp_tokenvalue42", run.Error);
    }

    public void Dispose() => cache.Dispose();

    private Task<CliRun> PlanAsync(GitHttpServer server, string password) =>
        ToolProcess.RunAsync(Executable, ["plan", "--repository", server.UrlOf("images"), "--json"], RunTimeout, cache.Path, new Dictionary<string, string>
        {
            ["XDG_CACHE_HOME"] = cache.Path,
            ["Catalog__Username"] = server.User,
            ["Catalog__Password"] = password,
        });
}
