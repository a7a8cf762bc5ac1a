using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using Platform.Cli.Deployments;
using Platform.Cli.Export;
using Platform.Cli.Jobs;
using Platform.Cli.Plan;
using Platform.Cli.Watches;

namespace Platform.Cli;

/// <summary>The <c>platform</c> command and its subcommands; the entry point tests call in-process.</summary>
public static class PlatformCommandLine
{
    public const string Name = "platform";

    /// <summary>The root command, named as the tool is installed (a RootCommand would take the assembly's name).</summary>
    public static Command Create() => new(Name, "Platform's command line: plans of the repository of images, and what the running builder, registry watcher and deployer did.")
    {
        new HelpOption(),
        new VersionOption(),
        PlanCommand.Create(),
        Builds.BuildsCommand.Create(),
        DeploymentsCommand.Create(),
        Environments.EnvironmentsCommand.Create(),
        Environments.HistoryCommand.Create(),
        Environments.PromoteCommand.Create(),
        Environments.PromoteCommand.Rollback(),
        ExportCommand.Create(),
        JobsCommand.Create(),
        WatchesCommand.Create(),
    };

    /// <summary>Parses and runs <paramref name="args"/>; returns the exit code (<see cref="ExitCodes"/>).</summary>
    public static async Task<int> InvokeAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var result = Create().Parse(args);
        if (result.Errors.Count == 0)
        {
            try
            {
                return await result.InvokeAsync(
                    new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false }, cancellationToken);
            }
            catch (CommandLineException e)
            {
                await error.WriteLineAsync($"error: {e.Message}");
                return e.ExitCode;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Whatever no command foresaw is still one line, not a stack trace.
                await error.WriteLineAsync($"error: {e.Message} (unexpected {e.GetType().Name}; please report it)");
                return ExitCodes.Failed;
            }
        }

        // Usage errors and typo suggestions go to stderr, without the whole help: stdout may be a pipe that expects a plan.
        if (result.Action is ParseErrorAction parseError)
        {
            parseError.ShowHelp = false;
        }

        await result.InvokeAsync(new InvocationConfiguration { Output = error, Error = error }, cancellationToken);
        await error.WriteLineAsync($"Run '{string.Join(' ', CommandPath(result.CommandResult.Command))} --help' for the options.");
        return ExitCodes.Usage;
    }

    private static IEnumerable<string> CommandPath(Command command) => command.Parents.OfType<Command>().SelectMany(CommandPath).Append(command.Name);
}
