using System.Diagnostics;
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

    /// <summary>Runs this benchmark executable again with <paramref name="args"/>, as a process with the builder's runtime settings.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunBenchChildAsync(IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(System.Environment.ProcessPath!) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (Path.GetFileNameWithoutExtension(System.Environment.ProcessPath!) == "dotnet")
        {
            info.ArgumentList.Add(typeof(BuilderRuntime).Assembly.Location);
        }

        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in Environment())
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }
}
