using System.Diagnostics.Tracing;
using System.Globalization;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;

namespace Platform.Bench.Load;

/// <summary>
/// Samples a .NET service process from outside while a load run works it: its working set (VmRSS of
/// /proc/&lt;pid&gt;/status every 100 ms, and the kernel's own high-water mark VmHWM) and its managed heap
/// (the runtime's gc-heap-size counter, read once a second over EventPipe as dotnet-counters does).
/// </summary>
public sealed class ProcessMemory : IAsyncDisposable
{
    private readonly int pid;
    private readonly CancellationTokenSource stop = new();
    private readonly Task rss;
    private readonly Task heap;
    private readonly Lock sync = new();
    private readonly List<(DateTimeOffset At, double Mib)> workingSet = [];
    private readonly List<(DateTimeOffset At, double Mib)> managed = [];
    private EventPipeSession? session;

    private ProcessMemory(int pid)
    {
        this.pid = pid;
        rss = Task.Run(SampleWorkingSetAsync);
        heap = Task.Run(SampleHeap);
    }

    public static ProcessMemory Watch(int pid) => new(pid);

    /// <summary>The largest resident set the kernel saw for the process since it started (VmHWM), MiB.</summary>
    public double PeakWorkingSetMib { get; private set; }

    public double CurrentWorkingSetMib => Read("VmRSS:") ?? double.NaN;

    /// <summary>The largest managed heap sampled, MiB; NaN when the runtime's counters could not be read.</summary>
    public double PeakManagedHeapMib => Max(managed);

    /// <summary>The largest working set sampled between two instants, MiB.</summary>
    public double PeakWorkingSetBetween(DateTimeOffset from, DateTimeOffset to) => Max(workingSet, from, to);

    public double PeakManagedHeapBetween(DateTimeOffset from, DateTimeOffset to) => Max(managed, from, to);

    /// <summary>The last managed heap sample, MiB.</summary>
    public double LastManagedHeapMib
    {
        get
        {
            lock (sync)
            {
                return managed.Count == 0 ? double.NaN : managed[^1].Mib;
            }
        }
    }

    /// <summary>Waits for the next managed heap sample taken after now (the runtime reports once a second).</summary>
    public async Task<double> NextManagedHeapAsync(TimeSpan timeout)
    {
        var since = DateTimeOffset.UtcNow;
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (DateTimeOffset.UtcNow < deadline)
        {
            lock (sync)
            {
                if (managed.Count > 0 && managed[^1].At > since)
                {
                    return managed[^1].Mib;
                }
            }

            await Task.Delay(100);
        }

        return double.NaN;
    }

    /// <summary>
    /// Makes the process run a full blocking collection (the runtime's GCHeapCollect keyword, as dotnet-gcdump
    /// asks for one), then returns the next managed heap sample: what is live, not what waits to be collected.
    /// </summary>
    public async Task<double> LiveManagedHeapAsync()
    {
        const long gc = 0x1, gcHeapCollect = 0x800000;
        try
        {
            var client = new DiagnosticsClient(pid);
            using var collect = client.StartEventPipeSession(
                [new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Informational, gc | gcHeapCollect)], requestRundown: false);
            var drain = Task.Run(async () =>
            {
                var buffer = new byte[64 * 1024];
                while (await collect.EventStream.ReadAsync(buffer) > 0)
                {
                }
            });
            await Task.Delay(TimeSpan.FromSeconds(1.5));
            await collect.StopAsync(CancellationToken.None);
            await Task.WhenAny(drain, Task.Delay(TimeSpan.FromSeconds(5)));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Console.Error.WriteLine($"[memory] could not ask process {pid} for a collection: {e.Message}");
        }

        return await NextManagedHeapAsync(TimeSpan.FromSeconds(5));
    }

    private async Task SampleWorkingSetAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            if (Read("VmRSS:") is { } now)
            {
                lock (sync)
                {
                    workingSet.Add((DateTimeOffset.UtcNow, now));
                }
            }

            if (Read("VmHWM:") is { } peak)
            {
                PeakWorkingSetMib = peak;
            }

            try
            {
                await Task.Delay(100, stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void SampleHeap()
    {
        try
        {
            var client = new DiagnosticsClient(pid);
            session = client.StartEventPipeSession(
                [new EventPipeProvider("System.Runtime", EventLevel.Informational, 0, new Dictionary<string, string> { ["EventCounterIntervalSec"] = "1" })],
                requestRundown: false);
            using var source = new EventPipeEventSource(session.EventStream);
            source.Dynamic.All += e =>
            {
                if (e.EventName != "EventCounters" || e.PayloadValue(0) is not IDictionary<string, object> outer
                    || !outer.TryGetValue("Payload", out var inner) || inner is not IDictionary<string, object> payload
                    || !payload.TryGetValue("Name", out var name) || name as string != "gc-heap-size" || !payload.TryGetValue("Mean", out var mean))
                {
                    return;
                }

                var mib = Convert.ToDouble(mean, CultureInfo.InvariantCulture);
                lock (sync)
                {
                    managed.Add((DateTimeOffset.UtcNow, mib));
                }
            };
            source.Process();
        }
        catch (Exception) when (stop.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"[memory] the managed heap of process {pid} cannot be read over EventPipe: {e.Message}");
        }
    }

    /// <summary>CPU seconds the process used so far, its own and its finished child processes' (from /proc/&lt;pid&gt;/stat, 100 ticks a second).</summary>
    public (double Own, double Children) CpuSeconds()
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            double Ticks(int field) => double.Parse(fields[field - 3], CultureInfo.InvariantCulture) / 100;
            return (Ticks(14) + Ticks(15), Ticks(16) + Ticks(17));
        }
        catch (IOException)
        {
            return (double.NaN, double.NaN);
        }
    }

    private double? Read(string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith(field, StringComparison.Ordinal))
                {
                    // "VmRSS:\t  123456 kB"
                    var kib = double.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                    return kib / 1024;
                }
            }
        }
        catch (IOException)
        {
        }

        return null;
    }

    private double Max(List<(DateTimeOffset At, double Mib)> samples, DateTimeOffset? from = null, DateTimeOffset? to = null)
    {
        lock (sync)
        {
            var within = samples.Where(s => (from is null || s.At >= from) && (to is null || s.At <= to)).ToList();
            return within.Count == 0 ? double.NaN : within.Max(s => s.Mib);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try
        {
            session?.Stop();
        }
        catch (Exception)
        {
            // The process is gone already.
        }

        await rss;
        await Task.WhenAny(heap, Task.Delay(TimeSpan.FromSeconds(5)));
        session?.Dispose();
        stop.Dispose();
    }
}
