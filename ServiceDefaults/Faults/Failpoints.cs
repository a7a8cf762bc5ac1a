using System.Diagnostics;

namespace Platform.ServiceDefaults.Faults;

/// <summary>
/// Named points in the loop where the fault-injection suite makes a service crash, for stages too short to
/// hit from outside with <c>kill -9</c> (between a push and its announcement, between publishing and
/// marking). Off unless the environment variable <c>PLATFORM_FAILPOINTS</c> names the point
/// (comma-separated); a point that is on kills its own process with SIGKILL when it is reached, as a crash would.
/// </summary>
public static class Failpoints
{
    public const string Variable = "PLATFORM_FAILPOINTS";

    private static readonly HashSet<string> Enabled =
        [.. (Environment.GetEnvironmentVariable(Variable) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    public static void Crash(string point)
    {
        if (Enabled.Count == 0 || !Enabled.Contains(point))
        {
            return;
        }

        Console.Error.WriteLine($"failpoint {point}: killing this process (pid {Environment.ProcessId})");
        Console.Error.Flush();
        Process.GetCurrentProcess().Kill();
    }
}
