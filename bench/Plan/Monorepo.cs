using System.Diagnostics;
using System.Globalization;

namespace Platform.Bench.Plan;

/// <summary>
/// A generated monorepo of images in a temporary git repository: groups of images, each group with a
/// shared library folder; a tenth of the groups build from the group folder as a shared context; every
/// image starts from one of the base images. Deterministic for a seed.
/// </summary>
public sealed class Monorepo : IDisposable
{
    public const int Groups = 100;
    public const int ImagesPerGroup = 20;
    public const int Bases = 20;
    public const int CommonFilesPerGroup = 20;

    private readonly Random random;

    private Monorepo(string path, int seed)
    {
        Path = path;
        random = new Random(seed);
    }

    public string Path { get; }

    public int FileCount { get; private set; }

    public List<string> SourceFiles { get; } = [];

    /// <summary>For the baseline: the path filters a hand-written workflow would list for each image.</summary>
    public Dictionary<string, string[]> PathFilters { get; } = new(StringComparer.Ordinal);

    public static Monorepo Create(int filesPerImage, int seed = 20261126)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"platform-bench-monorepo-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(path);
        var repo = new Monorepo(path, seed);
        repo.Generate(filesPerImage);
        return repo;
    }

    private void Generate(int filesPerImage)
    {
        Git("init", "-q", "-b", "main");
        Git("config", "user.email", "bench@platform.local");
        Git("config", "user.name", "Platform bench");
        // No background gc or maintenance: a detached git writing objects races with Dispose's delete.
        Git("config", "gc.auto", "0");
        Git("config", "maintenance.auto", "false");
        for (var b = 0; b < Bases; b++)
        {
            var folder = $"images/bases/base-{b:00}";
            Write($"{folder}/image.yaml", $"name: bench/base-{b:00}\nkind: base\n");
            Write($"{folder}/Dockerfile", "FROM scratch\nCOPY rootfs/ /\n");
            for (var f = 0; f < 8; f++)
            {
                Write($"{folder}/rootfs/etc/conf-{f}.txt", $"base {b} conf {f}\n");
            }

            PathFilters[$"bench/base-{b:00}"] = [$"{folder}/**"];
        }

        for (var g = 0; g < Groups; g++)
        {
            var group = $"images/group-{g:000}";
            for (var f = 0; f < CommonFilesPerGroup; f++)
            {
                Write($"{group}/common/lib_{f:00}.py", $"# shared library {g}/{f}\nVALUE = {f}\n");
            }

            var sharedContext = g % 10 == 0;
            for (var i = 0; i < ImagesPerGroup; i++)
            {
                var name = $"app-{g:000}-{i:00}";
                var folder = $"{group}/{name}";
                var baseIndex = (g * ImagesPerGroup + i) % Bases;
                var spec = $"name: bench/{name}\nkind: etl\n" + (sharedContext ? "context: ..\n" : "");
                Write($"{folder}/image.yaml", spec);
                Write($"{folder}/Dockerfile", sharedContext
                    ? $"FROM bench/base-{baseIndex:00}\nCOPY common/ /app/common/\nCOPY {name}/src/ /app/src/\nCMD [\"python\", \"/app/src/main.py\"]\n"
                    : $"FROM bench/base-{baseIndex:00}\nCOPY src/ /app/src/\nCOPY requirements.txt /app/\nCMD [\"python\", \"/app/src/main.py\"]\n");
                Write($"{folder}/requirements.txt", "requests==2.32.3\n");
                Write($"{folder}/README.md", $"# {name}\n");
                for (var f = 0; f < filesPerImage - 4; f++)
                {
                    var file = $"{folder}/src/module_{f:00}.py";
                    Write(file, $"# {name} module {f}\nprint({f})\n");
                    SourceFiles.Add(file);
                }

                PathFilters[$"bench/{name}"] = sharedContext
                    ? [$"{folder}/**", $"{group}/common/**", $"images/bases/base-{baseIndex:00}/**"]
                    : [$"{folder}/**", $"images/bases/base-{baseIndex:00}/**"];
            }
        }

        Git("add", "-A");
        Git("commit", "-q", "-m", "generated monorepo");
    }

    /// <summary>Changes <paramref name="count"/> random source files and commits; returns the commit id.</summary>
    public string CommitChanges(int count, int round)
    {
        for (var i = 0; i < count; i++)
        {
            var file = SourceFiles[random.Next(SourceFiles.Count)];
            File.AppendAllText(System.IO.Path.Combine(Path, file), $"# change {round}.{i}\n");
        }

        Git("commit", "-q", "-a", "-m", $"change {round}");
        return Head();
    }

    public string Head() => Git("rev-parse", "HEAD").Trim();

    public string Git(params string[] args)
    {
        var info = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', args)}: {error}");
        }

        return output.Result;
    }

    public void Dispose()
    {
        // A git process the bench started (the planner's own, in a process that is ending) may still write for a
        // moment: try again rather than fail a finished benchmark over its temporary folder.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                Directory.Delete(Path, recursive: true);
                return;
            }
            catch (Exception e) when (e is IOException && attempt < 5)
            {
                Thread.Sleep(200 * attempt);
            }
        }
    }

    private void Write(string relative, string content)
    {
        var full = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        FileCount++;
    }

    public static string Count(int value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
