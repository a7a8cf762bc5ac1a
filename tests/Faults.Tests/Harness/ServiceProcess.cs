using System.Diagnostics;
using Platform.Testing;

namespace Platform.Faults.Tests.Harness;

/// <summary>
/// One Platform service as a real process (<c>dotnet Platform.X.dll</c>, the build of the solution) on a fixed
/// loopback port, with its output kept line by line (and appended to a log file) so that a fault can be
/// injected when a line says the service reached a stage. Killed with SIGKILL by its own PID, started again
/// on the same port and data, as a supervisor (the AppHost, a kubelet) would.
/// </summary>
public sealed class ServiceProcess(string name, int port, IReadOnlyDictionary<string, string> environment, string logPath) : IAsyncDisposable
{
    private readonly List<string> lines = [];
    private readonly List<(string Text, TaskCompletionSource<string> Found)> waiters = [];
    private readonly HttpClient http = new() { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(10) };
    private Process? process;

    public string Name { get; } = name;

    public HttpClient Api => http;

    /// <summary>How many times it was killed by the suite.</summary>
    public int Kills { get; private set; }

    /// <summary>The number of output lines so far: a mark to wait for lines after.</summary>
    public int Mark
    {
        get
        {
            lock (lines)
            {
                return lines.Count;
            }
        }
    }

    /// <param name="failpoints">Failpoints to turn on for this run only (see Platform.ServiceDefaults.Faults.Failpoints).</param>
    public async Task StartAsync(params string[] failpoints)
    {
        if (process is { HasExited: false })
        {
            throw new InvalidOperationException($"{Name} is running (pid {process.Id})");
        }

        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(Dll)!,
        };
        info.ArgumentList.Add(Dll);
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        info.Environment["Logging__Console__FormatterName"] = "simple";
        info.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        info.Environment["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ";
        info.Environment["PLATFORM_FAILPOINTS"] = string.Join(',', failpoints);
        process = Process.Start(info) ?? throw new InvalidOperationException($"dotnet {Dll} did not start");
        Append($"---- {Name} started (pid {process.Id}){(failpoints.Length > 0 ? $" with failpoints {string.Join(',', failpoints)}" : "")}");
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await WaitHealthyAsync();
    }

    public async Task WaitHealthyAsync()
    {
        var started = process!;
        await Eventually.WaitAsync(
            async ct =>
            {
                if (started.HasExited)
                {
                    throw new InvalidOperationException($"{Name} exited with {started.ExitCode} before it was healthy; its log: {logPath}");
                }

                using var response = await http.GetAsync("health", ct);
                return response.IsSuccessStatusCode;
            },
            TimeSpan.FromSeconds(90),
            $"{Name} to answer /health with 2xx (log: {logPath})");
    }

    /// <summary>kill -9: the process gets no chance to finish anything.</summary>
    public async Task KillAsync()
    {
        if (process is not { HasExited: false } running)
        {
            return;
        }

        running.Kill();
        await running.WaitForExitAsync();
        Kills++;
        Append($"---- {Name} killed with SIGKILL by the suite");
    }

    /// <summary>Waits until the process ends by itself (a failpoint killed it).</summary>
    public async Task WaitForExitAsync(TimeSpan timeout, string because)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process!.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"expected {Name} to stop {because} within {timeout}, it still runs (log: {logPath})");
        }

        Append($"---- {Name} exited with {process.ExitCode}");
    }

    public bool IsRunning => process is { HasExited: false };

    /// <summary>
    /// Waits for an output line after <paramref name="mark"/> that contains <paramref name="text"/>; it is told the
    /// moment the line is read, so that a kill can land within the stage the line starts.
    /// </summary>
    public async Task<string> WaitForLineAsync(int mark, string text, TimeSpan timeout)
    {
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (lines)
        {
            if (lines.Skip(mark).FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal)) is { } seen)
            {
                return seen;
            }

            waiters.Add((text, found));
        }

        try
        {
            return await found.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Waited {timeout.TotalSeconds:F0} s for {Name} to write a line with \"{text}\" (log: {logPath})");
        }
        finally
        {
            lock (lines)
            {
                waiters.RemoveAll(w => w.Found == found);
            }
        }
    }

    public bool Wrote(int mark, string text)
    {
        lock (lines)
        {
            return lines.Skip(mark).Any(l => l.Contains(text, StringComparison.Ordinal));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (process is { HasExited: false } running)
        {
            running.Kill();
            await running.WaitForExitAsync();
        }

        process?.Dispose();
        http.Dispose();
    }

    private string Dll
    {
        get
        {
            // The configuration the suite itself was built in (scripts/test.sh builds Debug).
            var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
            var project = Name switch
            {
                "builder" => "Builder",
                "registry-watcher" => "RegistryWatcher",
                "deployer" => "Deployer",
                _ => throw new InvalidOperationException($"no service named {Name}"),
            };
            return RepositoryRoot.Combine("services", project, "bin", configuration, "net10.0", $"Platform.{project}.dll");
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (lines)
        {
            lines.Add(line);
            foreach (var (text, found) in waiters.Where(w => line.Contains(w.Text, StringComparison.Ordinal)))
            {
                found.TrySetResult(line);
            }

            File.AppendAllText(logPath, line + Environment.NewLine);
        }
    }
}
