using System.Text.Json;
using Platform.Testing;

namespace Platform.Cli.Tests.Tool;

/// <summary>The real <c>platform</c> executable: the apphost this build made, and the package as <c>dotnet tool install</c> installs it.</summary>
public sealed class PlatformToolTests
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(30);
    // Two packs, one of them compiling ahead of time, on a busy 2-core machine.
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(10);

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
    public async Task The_install_script_installs_a_native_dotnet_tool_named_platform_that_plans_a_change()
    {
        using var repo = await ImageRepository.CreateAsync();
        repo.WriteFile("images/api/www/index.html", "<h1>api 2</h1>\n");
        var change = await repo.CommitAllAsync("api: page");
        using var work = new TempDirectory("tool");
        var tools = work.Combine("tools");

        // As docs/cli.md tells users: the script packs the native (ahead-of-time compiled) package and installs it.
        var install = await ToolProcess.RunAsync("bash", [RepositoryRoot.Combine("scripts", "install-cli.sh"), tools], InstallTimeout, work.Path);
        Assert.True(install.ExitCode == 0, install.ToString());
        var version = install.Output.Trim().Split('\n')[^1];
        try
        {
            var run = await ToolProcess.RunAsync(Path.Combine(tools, "platform"), ["plan", "--repository", repo.Path, "--json"], RunTimeout, work.Path);

            Assert.True(run.ExitCode == 0, run.ToString());
            using var document = JsonDocument.Parse(run.Output);
            Assert.Equal(change, document.RootElement.GetProperty("to").GetString());
            var image = Assert.Single(Assert.Single(document.RootElement.GetProperty("waves").EnumerateArray()).GetProperty("images").EnumerateArray());
            Assert.Equal("acme/api", image.GetProperty("name").GetString());

            // Native: one executable, no managed assembly for the runtime to load and compile beside it.
            var installed = new FileInfo(Path.Combine(tools, "platform")).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Path.Combine(tools, "platform");
            var beside = Directory.GetFiles(Path.GetDirectoryName(installed)!).Select(Path.GetFileName).ToList();
            Assert.True(!beside.Contains("Platform.Cli.dll"), $"expected a native executable, found the managed form beside it: {string.Join(", ", beside)}");
        }
        finally
        {
            // The packages of this version stay in NuGet's cache otherwise.
            foreach (var id in new[] { "platform.cli", "platform.cli.linux-x64" })
            {
                var cached = Path.Combine(NuGetCache, id, version);
                if (version.StartsWith("0.1.0-local.", StringComparison.Ordinal) && Directory.Exists(cached))
                {
                    Directory.Delete(cached, recursive: true);
                }
            }
        }
    }

    private static string NuGetCache =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } folder
            ? folder
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
}
