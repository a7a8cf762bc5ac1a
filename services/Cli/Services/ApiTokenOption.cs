using System.CommandLine;

namespace Platform.Cli.Services;

/// <summary>
/// The services' API token (their <c>Api:Token</c>) for the commands that change something: <c>--token</c>, else
/// <c>PLATFORM_API_TOKEN</c>. From the services' own machine none is needed; from elsewhere they refuse such calls without it.
/// </summary>
public static class ApiTokenOption
{
    public const string Variable = "PLATFORM_API_TOKEN";

    public static Option<string?> Create() => new("--token")
    {
        Description = $"The services' API token (their Api:Token), needed from another machine [default: ${Variable}; prefer the variable: a command line is visible to others]",
        HelpName = "token",
    };

    public static string? Resolve(string? option) =>
        option is { Length: > 0 } ? option.Trim()
        : Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } variable ? variable.Trim()
        : null;
}
