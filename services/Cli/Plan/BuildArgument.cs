namespace Platform.Cli.Plan;

/// <summary>A <c>--build-arg NAME=VALUE</c>, as <c>docker build</c> takes it: the value may be empty or hold '='.</summary>
public static class BuildArgument
{
    public static bool TryParse(string text, out KeyValuePair<string, string> argument)
    {
        var equals = text.IndexOf('=');
        argument = equals > 0 ? new(text[..equals], text[(equals + 1)..]) : default;
        return equals > 0;
    }

    /// <summary>The arguments by name; a later one wins, as with <c>docker build</c>.</summary>
    public static IReadOnlyDictionary<string, string> ToDictionary(IEnumerable<string> texts)
    {
        var arguments = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var text in texts)
        {
            if (TryParse(text, out var argument))
            {
                arguments[argument.Key] = argument.Value;
            }
        }

        return arguments;
    }
}
