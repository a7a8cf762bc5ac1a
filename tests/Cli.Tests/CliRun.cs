namespace Platform.Cli.Tests;

/// <summary>What one run of <c>platform</c> gave: its exit code and what it wrote on stdout and stderr.</summary>
public sealed record CliRun(int ExitCode, string Output, string Error)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>Runs the command line in-process through its entry point, with a deadline.</summary>
    public static async Task<CliRun> InProcessAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var cts = new CancellationTokenSource(Timeout);
        var exitCode = await PlatformCommandLine.InvokeAsync(args, output, error, cts.Token).WaitAsync(Timeout);
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>For failure messages: everything the run said.</summary>
    public override string ToString() => $"exit code {ExitCode}\n--- stdout\n{Output}--- stderr\n{Error}";
}
