using System.Globalization;
using System.Text.Json;

namespace Platform.Cli.Builds;

/// <summary>The build history as a table: one line per attempt at a build, the error under a failed or interrupted one.</summary>
public static class BuildsTable
{
    public static async Task WriteAsync(IReadOnlyList<JsonElement> builds, TextWriter output)
    {
        if (builds.Count == 0)
        {
            await output.WriteLineAsync("no builds yet");
            return;
        }

        await output.WriteLineAsync($"{"id",5}  {"image",-36} {"commit",-7}  {"outcome",-11} {"try",3} {"stage",-11} {"platforms",-24} {"digest",-12} {"seconds",8}  {"built by",-16} finished");
        foreach (var build in builds)
        {
            var platforms = build.TryGetProperty("platforms", out var list) && list.ValueKind == JsonValueKind.Array
                ? string.Join(",", list.EnumerateArray().Select(p => p.GetProperty("platform").GetString()!.Replace("linux/", "", StringComparison.Ordinal)))
                : "";
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{build.GetProperty("id").GetInt64(),5}  {Text(build, "image"),-36} {Short(Text(build, "commit")),-7}  {Text(build, "outcome"),-11} {Attempt(build),3} {Text(build, "stage"),-11} {platforms,-24} {Short(Text(build, "digest")),-12} {build.GetProperty("durationSeconds").GetDouble(),8:0.0}  {Text(build, "builtBy"),-16} {Text(build, "finishedAt")}"));
            if (Text(build, "error") is { Length: > 0 } error)
            {
                await output.WriteLineAsync($"       {error}");
            }
        }
    }

    /// <summary>Which attempt at the build the row is (an interrupted attempt is followed by the one that took over).</summary>
    private static string Attempt(JsonElement build) =>
        build.TryGetProperty("attempt", out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32().ToString(CultureInfo.InvariantCulture) : "";

    private static string Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";

    private static string Short(string id) => id.StartsWith("sha256:", StringComparison.Ordinal) ? id[7..19] : id.Length > 7 ? id[..7] : id;
}
