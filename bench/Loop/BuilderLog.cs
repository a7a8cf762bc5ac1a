using System.Text.Json;

namespace Platform.Bench.Loop;

/// <summary>
/// A service's console log in the JSON format with UTC timestamps (the settings <see cref="Settings"/> gives it): the
/// time a line was logged by the service itself, so that a stage without a message on the bus (the commit seen, the
/// plan, the engine's build) is timed where it happened, not when the bench read it.
/// </summary>
public static class BuilderLog
{
    public static IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["Logging__Console__FormatterName"] = "json",
        ["Logging__Console__FormatterOptions__TimestampFormat"] = "yyyy-MM-ddTHH:mm:ss.fffffffZ",
        ["Logging__Console__FormatterOptions__UseUtcTimestamp"] = "true",
        ["Logging__Console__FormatterOptions__JsonWriterOptions__Indented"] = "false",
        ["Logging__LogLevel__Default"] = "Warning",
        ["Logging__LogLevel__Platform"] = "Information",
    };

    /// <summary>The first line logged at or after <paramref name="since"/> whose message matches, or null.</summary>
    public static DateTimeOffset? First(string output, DateTimeOffset since, Func<string, bool> matches)
    {
        foreach (var line in output.Split('\n'))
        {
            if (!line.StartsWith('{'))
            {
                continue;
            }

            try
            {
                using var entry = JsonDocument.Parse(line);
                if (entry.RootElement.TryGetProperty("Timestamp", out var stamp) && stamp.GetDateTimeOffset() is var at && at >= since
                    && entry.RootElement.TryGetProperty("Message", out var message) && matches(message.GetString() ?? ""))
                {
                    return at;
                }
            }
            catch (JsonException)
            {
                // A line cut by a write of another thread, or not a log entry.
            }
        }

        return null;
    }
}
