using System.Diagnostics;
using System.Globalization;
using Platform.Bench.Results;
using Platform.Testing;

namespace Platform.Bench.Cli;

/// <summary>
/// The wall time of <c>platform plan</c> on a repository of 40 images, installed as users install it
/// (scripts/install-cli.sh: the native, ahead-of-time compiled tool), against <c>git diff --name-only</c> of the same
/// change as the floor; the JIT-compiled form of the same code as it was before is measured beside it.
/// </summary>
public static class CliStartupBenchmark
{
    public const string Name = "cli-startup";
    private const int Images = 40;
    private const int Runs = 20;
    private const int WarmUps = 3;

    public static async Task<BenchmarkResult> RunAsync(string root, TextWriter output)
    {
        using var work = new TempDirectory("bench-cli");
        var repository = await CreateRepositoryAsync(work.Combine("images-repo"));
        var tools = work.Combine("tools");
        var install = await RunAsync("bash", [Path.Combine(root, "scripts", "install-cli.sh"), tools], work.Path, TimeSpan.FromMinutes(15));
        var version = install.Trim().Split('\n')[^1];
        output.WriteLine($"installed platform {version} with scripts/install-cli.sh");
        var jit = work.Combine("jit");
        await RunAsync("dotnet", ["publish", Path.Combine(root, "services", "Cli", "Cli.csproj"), "-c", "Release", "-p:PublishAot=false", "-o", jit, "-nologo", "-clp:ErrorsOnly"],
            work.Path, TimeSpan.FromMinutes(10));
        try
        {
            var native = await TimeAsync(Path.Combine(tools, "platform"), ["plan", "--repository", repository], repository);
            var floor = await TimeAsync("git", ["diff", "--name-only", "HEAD~1", "HEAD"], repository);
            var managed = await TimeAsync(Path.Combine(jit, "Platform.Cli"), ["plan", "--repository", repository], repository);
            return new BenchmarkResult(
                $"platform plan on a repository of {Images} images",
                "median ms per run (wall)",
                Percentile(native, 0.5),
                Percentile(floor, 0.5),
                "git diff --name-only of the same change",
                "platform plan under 150 ms",
                DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture))
            {
                Rows =
                [
                    new("p95 ms per run (wall)", Format(Percentile(native, 0.95)), Format(Percentile(floor, 0.95))),
                    new("JIT-compiled form (before): median ms", Format(Percentile(managed, 0.5)), "n/a"),
                    new("JIT-compiled form (before): p95 ms", Format(Percentile(managed, 0.95)), "n/a"),
                ],
                Details =
                [
                    $"{Images} images (one base, the others on it), a commit that changes two of them; each command runs {Runs} times after {WarmUps} unmeasured runs, as a new process, timed from start to exit.",
                    "Platform: `platform plan` as scripts/install-cli.sh installs it (Native AOT, linux-x64), which reads the catalogue at the parent commit and moves it to HEAD (git rev-parse, ls-tree, cat-file, diff-tree).",
                    "JIT-compiled form: the same command published framework-dependent (-p:PublishAot=false), as `dotnet pack` made it before.",
                    "Floor: `git diff --name-only HEAD~1 HEAD`, one git process that only lists the changed files.",
                ],
            };
        }
        finally
        {
            foreach (var id in new[] { "platform.cli", "platform.cli.linux-x64" })
            {
                var cached = Path.Combine(Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } folder
                    ? folder : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"), id, version);
                if (version.StartsWith("0.1.0-local.", StringComparison.Ordinal) && Directory.Exists(cached))
                {
                    Directory.Delete(cached, recursive: true);
                }
            }
        }
    }

    private static async Task<List<double>> TimeAsync(string program, string[] args, string folder)
    {
        var times = new List<double>();
        for (var run = 0; run < WarmUps + Runs; run++)
        {
            var watch = Stopwatch.StartNew();
            await RunAsync(program, args, folder, TimeSpan.FromMinutes(1));
            watch.Stop();
            if (run >= WarmUps)
            {
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
        }

        return times;
    }

    /// <summary>A git repository of images: a base and images on it, then a commit that changes two of them.</summary>
    private static async Task<string> CreateRepositoryAsync(string path)
    {
        Directory.CreateDirectory(path);
        await RunAsync("git", ["init", "-q", "-b", "main"], path, TimeSpan.FromMinutes(1));
        for (var i = 1; i <= Images; i++)
        {
            var folder = Path.Combine(path, "images", $"app-{i:00}");
            Directory.CreateDirectory(Path.Combine(folder, "src"));
            await File.WriteAllTextAsync(Path.Combine(folder, "image.yaml"), $"name: bench/app-{i:00}\nkind: etl\n");
            await File.WriteAllTextAsync(Path.Combine(folder, "Dockerfile"), i == 1
                ? "FROM python:3.12-slim\nCOPY src/ /app/\n"
                : "FROM bench/app-01\nCOPY src/ /app/\nCOPY requirements.txt /app/\n");
            await File.WriteAllTextAsync(Path.Combine(folder, "requirements.txt"), "requests==2.32.3\n");
            for (var f = 0; f < 5; f++)
            {
                await File.WriteAllTextAsync(Path.Combine(folder, "src", $"module_{f}.py"), $"print({i}, {f})\n");
            }
        }

        await CommitAsync(path, "forty images");
        await File.AppendAllTextAsync(Path.Combine(path, "images", "app-07", "src", "module_1.py"), "# changed\n");
        await File.AppendAllTextAsync(Path.Combine(path, "images", "app-12", "requirements.txt"), "# changed\n");
        await CommitAsync(path, "two images change");
        return path;
    }

    private static async Task CommitAsync(string path, string message)
    {
        await RunAsync("git", ["add", "-A"], path, TimeSpan.FromMinutes(1));
        await RunAsync("git", ["-c", "user.email=bench@platform.local", "-c", "user.name=Platform bench", "commit", "-q", "-m", message], path, TimeSpan.FromMinutes(1));
    }

    private static async Task<string> RunAsync(string program, string[] args, string folder, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(program) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        using var cts = new CancellationTokenSource(timeout);
        var text = process.StandardOutput.ReadToEndAsync(cts.Token);
        var error = process.StandardError.ReadToEndAsync(cts.Token);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish within {timeout}");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} failed (exit {process.ExitCode}): {await error}");
        }

        return await text;
    }

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[(int)Math.Min(sorted.Count - 1, Math.Ceiling(p * sorted.Count) - 1)];
    }

    private static string Format(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
