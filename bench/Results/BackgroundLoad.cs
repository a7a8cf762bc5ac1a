using System.Diagnostics;

namespace Platform.Bench.Results;

/// <summary>
/// The fixed background load of a busy run: CPU-bound processes (a shell loop each, at the bench's own niceness),
/// started before the benchmark and killed by their PIDs when it ends, fails, or the bench is stopped.
/// </summary>
public sealed class BackgroundLoad : IDisposable
{
    public const int Processes = 2;
    private readonly List<Process> processes = [];

    private BackgroundLoad()
    {
        AppDomain.CurrentDomain.ProcessExit += OnExit;
        Console.CancelKeyPress += OnCancel;
    }

    public static string Description => $"{Processes} CPU-bound processes (sh -c 'while :; do :; done') at nice {Niceness()}, started and stopped by the bench";

    public IReadOnlyList<int> Pids => [.. processes.Select(p => p.Id)];

    public static BackgroundLoad Start(TextWriter output)
    {
        var load = new BackgroundLoad();
        try
        {
            for (var i = 0; i < Processes; i++)
            {
                var info = new ProcessStartInfo("sh") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
                info.ArgumentList.Add("-c");
                info.ArgumentList.Add("while :; do :; done");
                load.processes.Add(Process.Start(info) ?? throw new InvalidOperationException("sh did not start"));
            }
        }
        catch
        {
            load.Dispose();
            throw;
        }

        output.WriteLine($"[busy] background load: {Description}; pids {string.Join(", ", load.Pids)}");
        return load;
    }

    public void Dispose()
    {
        AppDomain.CurrentDomain.ProcessExit -= OnExit;
        Console.CancelKeyPress -= OnCancel;
        KillAll();
    }

    private void OnExit(object? sender, EventArgs e) => KillAll();

    private void OnCancel(object? sender, ConsoleCancelEventArgs e) => KillAll();

    private void KillAll()
    {
        lock (processes)
        {
            foreach (var process in processes)
            {
                try
                {
                    // Process.Kill signals this PID only (SIGKILL), never a name.
                    process.Kill();
                    process.WaitForExit(5000);
                }
                catch (InvalidOperationException)
                {
                    // It has exited already.
                }

                process.Dispose();
            }

            processes.Clear();
        }
    }

    /// <summary>This process's niceness (field 19 of /proc/self/stat), which the background processes inherit.</summary>
    private static string Niceness()
    {
        var stat = File.ReadAllText("/proc/self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return fields[16];
    }
}
