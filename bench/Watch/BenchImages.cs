using Platform.Testing;

namespace Platform.Bench.Watch;

/// <summary>
/// Images for push benchmarks: each built from the local root image with a label of its own (so each push
/// is a new digest whose layers the registry already has), tagged for one registry, removed afterwards.
/// </summary>
public sealed class BenchImages(string registryHost) : IDisposable
{
    private readonly string run = Guid.NewGuid().ToString("N")[..8];
    private readonly TempDirectory context = new("bench-images");
    private readonly List<string> ids = [];

    private string Built(int index) => $"{registryHost}/bench/source:{run}-{index}";

    public async Task BuildAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            await File.WriteAllTextAsync(context.Combine("Dockerfile"), $"FROM platform/root:busybox\nLABEL dev.platform.bench={run}-{i}\n");
            var (exitCode, text) = await ChildProcess.RunAsync("docker", ["build", "-q", "-t", Built(i), context.Path], TimeSpan.FromMinutes(2));
            if (exitCode != 0)
            {
                throw new InvalidOperationException($"docker build failed (is platform/root:busybox there? scripts/bootstrap-root-image.sh makes it): {text}");
            }

            ids.Add(text.Trim());
        }
    }

    /// <summary>Tags image <paramref name="index"/> as <c>repository:latest</c> and pushes it with the docker CLI; returns the digest it reports.</summary>
    public async Task<string> PushAsync(int index, string repository)
    {
        var target = $"{registryHost}/{repository}:latest";
        await Run(["tag", Built(index), target]);
        var text = await Run(["push", target]);
        return text.Split(' ', '\n').FirstOrDefault(w => w.StartsWith("sha256:", StringComparison.Ordinal) && w.Length == 71)
            ?? throw new InvalidOperationException($"docker push printed no digest: {text}");
    }

    private static async Task<string> Run(string[] args)
    {
        var (exitCode, text) = await ChildProcess.RunAsync("docker", args, TimeSpan.FromMinutes(2));
        return exitCode == 0 ? text : throw new InvalidOperationException($"docker {string.Join(' ', args)} failed: {text}");
    }

    /// <summary>Removes the images by id: every tag and pushed digest of them goes with them.</summary>
    public void Dispose()
    {
        foreach (var chunk in ids.Where(id => id.StartsWith("sha256:", StringComparison.Ordinal)).Chunk(50))
        {
            ChildProcess.RunAsync("docker", ["rmi", "-f", .. chunk], TimeSpan.FromMinutes(1)).GetAwaiter().GetResult();
        }

        context.Dispose();
    }
}
