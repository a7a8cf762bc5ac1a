using Platform.Testing;

namespace Platform.PlatformImages.Tests;

/// <summary>The docker command line, as a user of the images runs them; a failure names the command and its output.</summary>
public static class DockerCli
{
    public static async Task<string> RunAsync(TimeSpan timeout, params string[] args)
    {
        var (exitCode, output) = await ChildProcess.RunAsync("docker", args, timeout);
        return exitCode == 0 ? output.Trim() : throw new InvalidOperationException($"docker {string.Join(' ', args)} exited with {exitCode}: {output}");
    }

    /// <summary>Runs docker and returns its exit code and output, for commands expected to fail.</summary>
    public static Task<(int ExitCode, string Output)> TryAsync(TimeSpan timeout, params string[] args) =>
        ChildProcess.RunAsync("docker", args, timeout);
}
