using System.Text.Json;

namespace Platform.Cli;

/// <summary>A JSON error as a person reads it: <c>file:line: reason</c>, without the reader's own Path and LineNumber suffix.</summary>
public static class JsonErrors
{
    public static string Describe(string file, JsonException e)
    {
        var reason = e.Message;
        foreach (var suffix in new[] { " Path:", " LineNumber:" })
        {
            var at = reason.IndexOf(suffix, StringComparison.Ordinal);
            reason = at > 0 ? reason[..at] : reason;
        }

        return $"{file}{(e.LineNumber is { } line ? $":{line + 1}" : "")}: {reason}";
    }
}
