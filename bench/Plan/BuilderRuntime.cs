using System.Text.Json.Nodes;

namespace Platform.Bench.Plan;

/// <summary>
/// The runtime settings the builder's own runtimeconfig.json gives it (server or workstation GC, tiered PGO), as the
/// environment variables that give a benchmark child process the same: its first plan is then the builder's.
/// </summary>
public static class BuilderRuntime
{
    private static readonly Dictionary<string, string> Settings = new(StringComparer.Ordinal)
    {
        ["System.GC.Server"] = "DOTNET_gcServer",
        ["System.GC.Concurrent"] = "DOTNET_gcConcurrent",
        ["System.Runtime.TieredPGO"] = "DOTNET_TieredPGO",
        ["System.Runtime.TieredCompilation"] = "DOTNET_TieredCompilation",
    };

    public static IEnumerable<(string Name, string Value)> Environment()
    {
        var file = Path.Combine(AppContext.BaseDirectory, "Platform.Builder.runtimeconfig.json");
        var properties = JsonNode.Parse(File.ReadAllText(file))?["runtimeOptions"]?["configProperties"]?.AsObject()
            ?? throw new InvalidOperationException($"{file} has no runtimeOptions.configProperties");
        foreach (var (setting, variable) in Settings)
        {
            if (properties[setting] is JsonValue value && value.TryGetValue<bool>(out var on))
            {
                yield return (variable, on ? "1" : "0");
            }
        }
    }
}
