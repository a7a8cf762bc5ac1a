using Platform.Cli.Tests.Tool;
using Platform.Testing;

namespace Platform.Cli.Tests.BadInput;

/// <summary>
/// The built executable, run as a user runs it, on the inputs that used to abort it (exit 134, a stack trace):
/// the exit code the shell sees is 2 and stderr holds one message.
/// </summary>
public sealed class BadInputProcessTests : IDisposable
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(30);
    private static readonly string Executable = Path.Combine(AppContext.BaseDirectory, "Platform.Cli");
    private readonly TempDirectory folder = new("bad-input-process");

    [Theory]
    [InlineData("--limit 'abc' is not a whole number from 1 to 1000", "deployments", "-n", "abc")]
    [InlineData("--limit '99999999999' is not a whole number from 1 to 1000", "deployments", "--limit", "99999999999")]
    [InlineData("build id 'x' is not a whole number of 1 or more", "builds", "log", "x")]
    public async Task Numbers_that_are_not_in_range_exit_2_with_a_message(string message, params string[] args)
    {
        var run = await ToolProcess.RunAsync(Executable, args, RunTimeout, folder.Path);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
        BadArgumentTests.NoStackTrace(run);
    }

    [Theory]
    [InlineData("", "manifest.json is empty")]
    [InlineData("{\"resources\": ", "manifest.json:1: ")]
    [InlineData("{\"resources\": {\"api\": {\"type\": []}}}", "manifest.json: not an Aspire manifest the exporter can read: resources.api.type is an array, not a string")]
    public async Task An_empty_or_malformed_manifest_exits_2_with_the_file_named(string manifest, string message)
    {
        File.WriteAllText(folder.Combine("manifest.json"), manifest);

        var run = await ToolProcess.RunAsync(Executable, ["export", "kubernetes", "--manifest", "manifest.json", "--output", "out"], RunTimeout, folder.Path);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Equal($"error: {message}", run.Error[..Math.Min(run.Error.Length, message.Length + 7)]);
        BadArgumentTests.NoStackTrace(run);
    }

    [Theory]
    [InlineData("{\"builder\": ", ".platform/endpoints.json:1: ")]
    [InlineData("[\"http://127.0.0.1:1\"]", ".platform/endpoints.json:1: ")]
    [InlineData("{\"builder\": 5080}", ".platform/endpoints.json:1: ")]
    public async Task A_malformed_endpoints_file_is_named_with_its_line_and_exits_2(string endpoints, string message)
    {
        using var repo = await ImageRepository.CreateAsync();
        repo.WriteFile(".platform/endpoints.json", endpoints);
        var environment = new Dictionary<string, string> { ["PLATFORM_BUILDER_URL"] = "" };

        var run = await ToolProcess.RunAsync(Executable, ["builds"], RunTimeout, repo.Path, environment);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.StartsWith($"error: {Path.Combine(repo.Path, message)}", run.Error, StringComparison.Ordinal);
        Assert.Contains("(not a JSON object of service names and addresses)", run.Error, StringComparison.Ordinal);
        BadArgumentTests.NoStackTrace(run);
    }

    public void Dispose() => folder.Dispose();
}
