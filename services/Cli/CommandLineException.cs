namespace Platform.Cli;

/// <summary>An expected failure (bad input, unknown revision): printed as one line on stderr with exit code 1, never as a stack trace.</summary>
public sealed class CommandLineException(string message) : Exception(message);
