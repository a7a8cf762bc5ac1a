namespace Platform.Cli;

/// <summary>
/// An expected failure (a bad argument or file, a service that does not answer): printed as one line on stderr
/// with its exit code, never as a stack trace.
/// </summary>
public sealed class CommandLineException(string message, int exitCode = ExitCodes.Usage) : Exception(message)
{
    public int ExitCode { get; } = exitCode;

    /// <summary>A service or git failed, not the input: exit code 1.</summary>
    public static CommandLineException Failed(string message) => new(message, ExitCodes.Failed);
}

/// <summary>What <c>platform</c> exits with (docs/cli.md lists the same).</summary>
public static class ExitCodes
{
    /// <summary>Done (a plan with problems in some images is done too).</summary>
    public const int Success = 0;

    /// <summary>A service did not answer or answered an error or garbage, or git failed.</summary>
    public const int Failed = 1;

    /// <summary>A bad argument or option, or a bad file (missing, unreadable, malformed).</summary>
    public const int Usage = 2;

    /// <summary>The service refused the caller (401, 403): no API token where one is needed, a wrong one, or a service without one.</summary>
    public const int Denied = 3;
}
