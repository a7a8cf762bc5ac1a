using Platform.Testing;

namespace Platform.PlatformImages.Tests;

/// <summary>What scripts/platform-images.sh says before it builds anything, when it cannot do its work.</summary>
public sealed class ScriptErrorTests
{
    [Fact]
    public async Task Stops_with_a_sentence_naming_the_registry_when_nothing_answers_there()
    {
        var port = FreePort.Next();
        var (exitCode, output) = await RunAsync("--registry", $"127.0.0.1:{port}", "--output", Path.Combine(Path.GetTempPath(), $"never-{port}.json"));

        Assert.NotEqual(0, exitCode);
        Assert.Contains($"error: the registry 127.0.0.1:{port} is unreachable", output);
        Assert.False(File.Exists(Path.Combine(Path.GetTempPath(), $"never-{port}.json")));
    }

    [Fact]
    public async Task Refuses_a_platform_it_does_not_make()
    {
        var (exitCode, output) = await RunAsync("--platforms", "linux/amd64,linux/riscv64");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("platform 'linux/riscv64' is not supported", output);
    }

    private static Task<(int ExitCode, string Output)> RunAsync(params string[] args) =>
        ChildProcess.RunAsync("bash", [RepositoryRoot.Combine("scripts", "platform-images.sh"), .. args], TimeSpan.FromMinutes(1));
}
