using System.Globalization;
using System.Text.Json.Serialization;

namespace Platform.Bench.Results;

/// <summary>
/// Where and under what load a benchmark ran: the machine (cores, CPU model from /proc/cpuinfo), the 1-, 5- and
/// 15-minute load averages before and after, and the background load the bench itself added (none for a quiet run).
/// </summary>
public sealed record RunConditions(
    [property: JsonPropertyName("mode")] string Mode,
    [property: JsonPropertyName("cores")] int Cores,
    [property: JsonPropertyName("cpu")] string Cpu,
    [property: JsonPropertyName("background")] string Background,
    [property: JsonPropertyName("load_before")] string LoadBefore,
    [property: JsonPropertyName("load_after")] string LoadAfter)
{
    public const string Quiet = "quiet";
    public const string Busy = "busy";

    /// <summary>
    /// True when the machine was loaded by other work beyond what the bench added (a 1-minute load average above
    /// three quarters of the cores before or after, less the bench's own background processes): the figures of
    /// such a run are not quiet ones, whatever the mode, and docs/benchmarks.md says so.
    /// </summary>
    [JsonPropertyName("other_load")]
    public bool OtherLoad { get; init; }

    public static string LoadNow() => string.Join(" / ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    public static double OneMinuteLoad(string load) => double.Parse(load.Split(" / ")[0], CultureInfo.InvariantCulture);

    /// <summary>The CPU model as /proc/cpuinfo names it ("model name", or "Hardware"/"Processor" on some ARM kernels).</summary>
    public static string CpuModel()
    {
        foreach (var line in File.ReadLines("/proc/cpuinfo"))
        {
            var colon = line.IndexOf(':');
            if (colon > 0 && line[..colon].Trim() is "model name" or "Hardware" or "Processor" && line[(colon + 1)..].Trim() is { Length: > 0 } model)
            {
                return model;
            }
        }

        return "unknown CPU";
    }

    /// <summary>The conditions of a run that started with <paramref name="loadBefore"/> and added <paramref name="backgroundProcesses"/> CPU-bound processes.</summary>
    public static RunConditions Finish(string mode, string background, int backgroundProcesses, string loadBefore)
    {
        var loadAfter = LoadNow();
        var threshold = Environment.ProcessorCount * 0.75 + backgroundProcesses;
        return new RunConditions(mode, Environment.ProcessorCount, CpuModel(), background, loadBefore, loadAfter)
        {
            OtherLoad = OneMinuteLoad(loadBefore) > threshold || OneMinuteLoad(loadAfter) > threshold,
        };
    }

    /// <summary>One line for the document: mode, machine and load.</summary>
    public string Describe() =>
        $"{Cores} cores, {Cpu}; background: {Background}; load {LoadBefore} before, {LoadAfter} after" +
        (OtherLoad ? " (other work shared the machine: not a quiet figure)" : "");
}
