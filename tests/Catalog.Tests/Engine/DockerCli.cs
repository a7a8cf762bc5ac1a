using System.Diagnostics;

namespace Platform.Catalog.Tests.Engine;

/// <summary>Runs the docker command line with a timeout; the test talks to the real engine through it.</summary>
internal static class DockerCli
{
    public sealed record Result(int ExitCode, string Output)
    {
        public bool Succeeded => ExitCode == 0;
    }

    public static async Task<Result> RunAsync(IReadOnlyList<string> args, TimeSpan timeout, string? workingDirectory = null, bool legacyBuilder = false)
    {
        var info = new ProcessStartInfo(args[0] == "bash" ? "bash" : "docker")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var arg in args[0] == "bash" ? args.Skip(1) : args)
        {
            info.ArgumentList.Add(arg);
        }

        if (legacyBuilder)
        {
            // The engine's own builder, which Platform's builder uses through the Engine API.
            info.Environment["DOCKER_BUILDKIT"] = "0";
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("docker could not be started; is the docker CLI installed?");
        using var cancellation = new CancellationTokenSource(timeout);
        var output = process.StandardOutput.ReadToEndAsync(cancellation.Token);
        var error = process.StandardError.ReadToEndAsync(cancellation.Token);
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
            return new Result(process.ExitCode, await output + await error);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'{string.Join(' ', args)}' did not finish within {timeout}");
        }
    }
}
