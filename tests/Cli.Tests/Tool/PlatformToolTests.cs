using System.Reflection;
using System.Text.Json;
using Platform.Testing;

namespace Platform.Cli.Tests.Tool;

/// <summary>The real <c>platform</c> executable: the apphost this build made, and the package as <c>dotnet tool install</c> installs it.</summary>
public sealed class PlatformToolTests
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan DotnetTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task The_built_executable_plans_a_change_and_reports_errors_on_stderr()
    {
        using var repo = await ImageRepository.CreateAsync();
        repo.WriteFile("images/base/lib/log.sh", "log() { :; }\n");
        var change = await repo.CommitAllAsync("quiet logs");
        var executable = Path.Combine(AppContext.BaseDirectory, "Platform.Cli");

        // From inside the work tree, with no --repository: the current folder is the default.
        var plan = await ToolProcess.RunAsync(executable, ["plan"], RunTimeout, Path.Combine(repo.Path, "images"));
        var unknown = await ToolProcess.RunAsync(executable, ["plan", "--from", "nope"], RunTimeout, repo.Path);

        Assert.True(plan.ExitCode == 0, plan.ToString());
        Assert.EndsWith($"3 images to build in 2 waves at {change[..7]} (since {repo.FirstCommit[..7]})\n", plan.Output);
        Assert.True(unknown.ExitCode == 2, unknown.ToString());
        Assert.Equal($"error: unknown revision 'nope' in {repo.Path}\n", unknown.Error);
        Assert.Equal("", unknown.Output);
    }

    [Fact]
    public async Task Packs_and_installs_as_a_dotnet_tool_named_platform()
    {
        using var repo = await ImageRepository.CreateAsync();
        repo.WriteFile("images/api/www/index.html", "<h1>api 2</h1>\n");
        var change = await repo.CommitAllAsync("api: page");
        using var work = new TempDirectory("tool");
        var packages = work.Combine("packages");
        var tools = work.Combine("tools");
        // A NuGet cache of its own: the shared one would keep serving an older build of the same version.
        var environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = work.Combine("nuget-cache") };

        // Pack what this test run built (dotnet test built services/Cli in the same configuration).
        var pack = await ToolProcess.RunAsync("dotnet",
            ["pack", RepositoryRoot.Combine("services", "Cli", "Cli.csproj"), "--no-build", "-c", Configuration, "-o", packages, "--disable-build-servers", "-nologo"],
            DotnetTimeout, work.Path, environment);
        Assert.True(pack.ExitCode == 0, pack.ToString());
        var install = await ToolProcess.RunAsync("dotnet",
            ["tool", "install", "--tool-path", tools, "--add-source", packages, "Platform.Cli"],
            DotnetTimeout, work.Path, environment);
        Assert.True(install.ExitCode == 0, install.ToString());

        var run = await ToolProcess.RunAsync(Path.Combine(tools, "platform"), ["plan", "--repository", repo.Path, "--json"], RunTimeout, work.Path);

        Assert.True(run.ExitCode == 0, run.ToString());
        using var document = JsonDocument.Parse(run.Output);
        Assert.Equal(change, document.RootElement.GetProperty("to").GetString());
        var image = Assert.Single(Assert.Single(document.RootElement.GetProperty("waves").EnumerateArray()).GetProperty("images").EnumerateArray());
        Assert.Equal("acme/api", image.GetProperty("name").GetString());
    }

    private static string Configuration =>
        typeof(PlatformToolTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "Configuration").Value!;
}
