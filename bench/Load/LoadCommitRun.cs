using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Data.Sqlite;
using Platform.Contracts;
using Platform.Registry;
using Platform.Testing;

namespace Platform.Bench.Load;

/// <summary>
/// One commit that changes 200 images, planned and built by the builder's own process (the coordinator, which
/// also builds) on the machine's engine, pushed to a real registry, over a real broker. Checks that each image
/// is built and pushed exactly once (one start, one ImagePushed, one digest, its tags in the registry, one
/// history row, its lease done at attempt 1) and nothing is lost; reports plan time, total time, builds per
/// minute, the builder's memory and the build queue's peak depth.
/// </summary>
public static class LoadCommitRun
{
    public const string Name = "load-commit";
    public const int Images = 200;
    public const int ConcurrentBuilds = 4;

    public static async Task<LoadResult> RunAsync(TextWriter output)
    {
        var ns = $"lc{Guid.NewGuid():N}"[..10];
        using var docker = new DockerClientConfiguration().CreateClient();
        await using var broker = new RabbitMqNode();
        var brokerStarted = broker.StartAsync();
        await using var registry = new RegistryServer();
        await registry.StartAsync();
        using var repository = await TempGitRepository.CreateAsync();
        using var data = new TempDirectory("load-commit");
        try
        {
            repository.WriteFile("README.md", "the images come in the next commit\n");
            var empty = await repository.CommitAllAsync("no images yet");
            await brokerStarted;
            await using var pushed = await MessageTap.StartAsync(broker.ConnectionString, typeof(ImagePushed).FullName!, CancellationToken.None);
            await using var failed = await MessageTap.StartAsync(broker.ConnectionString, typeof(ImageBuildFailed).FullName!, CancellationToken.None);
            await using var started = await MessageTap.StartAsync(broker.ConnectionString, typeof(ImageBuildStarted).FullName!, CancellationToken.None);
            await using var builder = await ServiceProcess.StartAsync("Builder", new Dictionary<string, string>
            {
                ["ConnectionStrings__messaging"] = broker.ConnectionString,
                ["ConnectionStrings__registry"] = registry.BaseUri.ToString().TrimEnd('/'),
                ["Catalog__Repository"] = repository.Path,
                ["Builder__DataDirectory"] = data.Path,
                ["Builder__InstanceName"] = "load-builder",
                ["Builder__MaxConcurrentBuilds"] = ConcurrentBuilds.ToString(System.Globalization.CultureInfo.InvariantCulture),
                // The run asks for the commit itself (POST /api/commits/check), so that the plan is timed from that request.
                ["Builder__PollInterval"] = "00:10:00",
                ["Logging__LogLevel__Platform.Builder.Coordinator.BuildCycle"] = "Information",
            }, TimeSpan.FromSeconds(60));
            using var api = new HttpClient { BaseAddress = builder.BaseUri, Timeout = TimeSpan.FromSeconds(30) };
            await WaitForCycleAsync(api, empty, TimeSpan.FromSeconds(60));

            for (var i = 0; i < Images; i++)
            {
                repository.WriteFile($"images/img-{i:D3}/image.yaml", $"name: {Image(ns, i)}\nplatforms: [linux/amd64]\n");
                repository.WriteFile($"images/img-{i:D3}/Dockerfile", "FROM platform/root:busybox-amd64\nCOPY data.txt /data.txt\n");
                repository.WriteFile($"images/img-{i:D3}/data.txt", $"image {i} of the load run {ns}\n");
            }

            var commit = await repository.CommitAllAsync($"{Images} images in one commit");
            output.WriteLine($"builder pid {builder.Pid}; registry {registry.Host}; commit {commit[..7]} adds {Images} images ({ns}/img-NNN)");

            await using var memory = ProcessMemory.Watch(builder.Pid);
            var liveBefore = await memory.LiveManagedHeapAsync();
            await using var queues = QueueDepth.Watch(broker.ConnectionString, "builder-build-image", "builder-build-results");
            var clock = Stopwatch.StartNew();
            (await api.PostAsync("api/commits/check", null)).EnsureSuccessStatusCode();
            var plan = await PlanTimeAsync(builder, clock, TimeSpan.FromSeconds(60));
            output.WriteLine($"planned after {plan.TotalSeconds:F2} s");
            var lastReport = TimeSpan.Zero;
            while (pushed.Messages.Count + failed.Messages.Count < Images && clock.Elapsed < TimeSpan.FromMinutes(5) && !builder.HasExited)
            {
                await Task.Delay(100);
                if (clock.Elapsed - lastReport > TimeSpan.FromSeconds(15))
                {
                    lastReport = clock.Elapsed;
                    output.WriteLine($"  {clock.Elapsed.TotalSeconds:F0} s: {pushed.Messages.Count} pushed, {failed.Messages.Count} failed; working set {Stats.F(memory.CurrentWorkingSetMib)} MiB");
                }
            }

            var lastPush = clock.Elapsed;
            var cycle = await WaitForCycleAsync(api, commit, TimeSpan.FromSeconds(60));
            var total = clock.Elapsed;
            output.WriteLine($"{pushed.Messages.Count} pushed, {failed.Messages.Count} failed; last push after {lastPush.TotalSeconds:F1} s, cycle over after {total.TotalSeconds:F1} s");
            // Late doubles would show within a few seconds.
            await Task.Delay(TimeSpan.FromSeconds(3));
            var liveAfter = await memory.LiveManagedHeapAsync();

            var builds = await api.GetFromJsonAsync<List<JsonElement>>("api/builds?limit=1000") ?? [];
            var registryDigests = await RegistryDigestsAsync(registry.BaseUri, ns, commit);
            var leases = await LeasesAsync(Path.Combine(data.Path, "builds.db"));
            return CommitReport.Build(output, new CommitOutcome(
                ns, commit, plan, lastPush, total, pushed.Messages.ToList(), failed.Messages.ToList(), started.Messages.ToList(), builds, registryDigests, leases, cycle,
                memory.PeakWorkingSetMib, memory.PeakManagedHeapMib, liveBefore, liveAfter, queues.Peaks, !builder.HasExited));
        }
        finally
        {
            await RemoveLocalImagesAsync(docker, registry.Host, ns);
        }
    }

    public static string Image(string ns, int i) => $"{ns}/img-{i:D3}";

    /// <summary>From the check request to the coordinator's log line that gives the plan (it logs it before it sends the first command).</summary>
    private static async Task<TimeSpan> PlanTimeAsync(ServiceProcess builder, Stopwatch clock, TimeSpan timeout)
    {
        while (clock.Elapsed < timeout)
        {
            if (builder.Output.Contains("image(s) to build", StringComparison.Ordinal))
            {
                return clock.Elapsed;
            }

            await Task.Delay(10);
        }

        throw new TimeoutException($"the builder did not log a plan within {timeout}: {builder.Output}");
    }

    private static async Task<JsonElement> WaitForCycleAsync(HttpClient api, string commit, TimeSpan timeout) =>
        await Eventually.WaitAsync(
            ct => api.GetFromJsonAsync<JsonElement>("api/commits", ct),
            status => status.GetProperty("lastCommit").ValueKind == JsonValueKind.String && status.GetProperty("lastCommit").GetString() == commit,
            timeout,
            $"GET /api/commits to report the cycle of {commit[..7]} finished",
            TimeSpan.FromMilliseconds(50));

    /// <summary>Each image's digest at latest and at sha-&lt;commit&gt; in the registry (one HEAD each, as the watcher asks).</summary>
    private static async Task<Dictionary<string, (string? Latest, string? CommitTag)>> RegistryDigestsAsync(Uri registry, string ns, string commit)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var client = new RegistryClient(http);
        var result = new Dictionary<string, (string?, string?)>();
        for (var i = 0; i < Images; i++)
        {
            var image = Image(ns, i);
            result[image] = (await client.GetDigestAsync(registry, image, "latest", CancellationToken.None),
                await client.GetDigestAsync(registry, image, $"sha-{commit[..7]}", CancellationToken.None));
        }

        return result;
    }

    /// <summary>The builder's leases (state, attempt), read from its store after the run.</summary>
    private static async Task<List<(string Image, string State, int Attempt)>> LeasesAsync(string database)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT image, state, attempt FROM build_leases";
        await using var reader = await command.ExecuteReaderAsync();
        var leases = new List<(string, string, int)>();
        while (await reader.ReadAsync())
        {
            leases.Add((reader.GetString(0), reader.GetString(1), reader.GetInt32(2)));
        }

        return leases;
    }

    /// <summary>Removes the local images the builder made for this run (by reference, so that no other tag is lost).</summary>
    private static async Task RemoveLocalImagesAsync(IDockerClient docker, string registry, string ns)
    {
        var prefixes = new[] { $"{registry}/", $"{ns}/" };
        var images = await docker.Images.ListImagesAsync(new ImagesListParameters { All = true });
        foreach (var reference in images.SelectMany(i => (i.RepoTags ?? []).Concat(i.RepoDigests ?? []))
            .Where(r => prefixes.Any(p => r.StartsWith(p, StringComparison.Ordinal))).Distinct())
        {
            try
            {
                await docker.Images.DeleteImageAsync(reference, new ImageDeleteParameters());
            }
            catch (DockerApiException)
            {
            }
        }
    }
}

public sealed record CommitOutcome(
    string Namespace, string Commit, TimeSpan Plan, TimeSpan LastPush, TimeSpan Total, List<JsonElement> Pushed, List<JsonElement> Failed, List<JsonElement> Started,
    List<JsonElement> Builds, Dictionary<string, (string? Latest, string? CommitTag)> Registry, List<(string Image, string State, int Attempt)> Leases, JsonElement Cycle,
    double PeakWorkingSet, double PeakManagedHeap, double LiveBefore, double LiveAfter, IReadOnlyDictionary<string, uint> QueuePeaks, bool Running);
