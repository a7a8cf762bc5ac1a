using System.Text.Json;
using Platform.Testing;

namespace Platform.Faults.Tests.Harness;

/// <summary>
/// What every scenario asserts of one change (the service's image at a commit), once the loop has settled:
/// built once (one digest), announced once, deployed once, nothing left behind, and a history that tells it.
/// </summary>
public static class LoopChecks
{
    /// <summary>How long the loop must stay quiet after the deployment before the counts are read: a duplicate would come within it.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(6);

    public static async Task<string> AssertOnceAsync(this LoopEnvironment loop, string scenario, string commit)
    {
        string digest;
        try
        {
            digest = await loop.WaitDeployedAsync(commit, scenario);
        }
        catch (TimeoutException)
        {
            loop.Ledger.Found(scenario, 1, 0, $"{commit[..7]} never deployed");
            throw;
        }

        await Task.Delay(Settle);
        var pushedDigests = loop.Pushed.Where("commit", commit).Where(m => m.GetProperty("image").GetString() == LoopEnvironment.Service)
            .Select(m => m.GetProperty("digest").GetString()).Distinct().ToList();
        var announced = loop.Announced.Where("digest", digest).Count(m => m.GetProperty("tag").GetString() == "latest");
        var deployed = loop.Deployed.Where("digest", digest).Count;
        var failed = loop.DeploymentFailures.Where("digest", digest).Count;
        var duplicates = (pushedDigests.Count - 1) + Math.Max(0, announced - 1) + Math.Max(0, deployed - 1);
        loop.Ledger.Found(scenario, 0, duplicates,
            $"{pushedDigests.Count} digest(s) pushed for {commit[..7]}, {announced} announcement(s), {deployed} deployment(s), {failed} failed rollout(s)");

        Assert.True(pushedDigests.Count == 1, $"{scenario}: expected one digest built for {commit[..7]}, saw {string.Join(", ", pushedDigests)} (logs in {loop.LogFolder})");
        Assert.True(announced == 1, $"{scenario}: expected {digest} announced once at tag latest, it was announced {announced} times (logs in {loop.LogFolder})");
        Assert.True(deployed == 1 && failed == 0, $"{scenario}: expected {digest} deployed once and never failed, saw {deployed} deployments and {failed} failures (logs in {loop.LogFolder})");

        var containers = await loop.ContainersAsync();
        var service = containers.Where(c => c.Name.Contains("status-api", StringComparison.Ordinal)).ToList();
        Assert.True(service.Count == 1 && service[0].State == "running" && service[0].Digest == digest && !service[0].Name.EndsWith(".candidate", StringComparison.Ordinal),
            $"{scenario}: expected one running status-api container of {digest}, saw [{string.Join("; ", service)}]");

        var builds = (await LoopEnvironment.GetAsync(loop.Builder, $"api/builds?image={Uri.EscapeDataString(LoopEnvironment.Service)}&limit=50")).EnumerateArray()
            .Where(b => b.GetProperty("commit").GetString() == commit).ToList();
        Assert.True(builds.Count(b => b.GetProperty("outcome").GetString() == "Succeeded") == 1,
            $"{scenario}: expected one successful build of {commit[..7]} in the builder's history, saw {string.Join("; ", builds)}");
        return digest;
    }

    /// <summary>The builder's history of the service at the commit, oldest first.</summary>
    public static async Task<IReadOnlyList<JsonElement>> BuildsAtAsync(this LoopEnvironment loop, string commit) =>
        [.. (await LoopEnvironment.GetAsync(loop.Builder, $"api/builds?image={Uri.EscapeDataString(LoopEnvironment.Service)}&limit=50")).EnumerateArray()
            .Where(b => b.GetProperty("commit").GetString() == commit).OrderBy(b => b.GetProperty("id").GetInt64())];

    /// <summary>Kills a service with SIGKILL, records the fault, and starts it again as its supervisor would.</summary>
    public static async Task KillAndRestartAsync(this LoopEnvironment loop, ServiceProcess service, string stage)
    {
        await service.KillAsync();
        loop.Ledger.Injected($"kill -9 {service.Name} {stage}");
        await service.StartAsync();
    }

    /// <summary>An endpoint that must answer 2xx every time it is asked until <paramref name="until"/> ends; returns the failures.</summary>
    public static async Task<List<string>> ProbeAsync(string endpoint, Task until)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var failures = new List<string>();
        while (!until.IsCompleted)
        {
            try
            {
                using var response = await http.GetAsync(endpoint);
                if (!response.IsSuccessStatusCode)
                {
                    failures.Add($"{DateTime.UtcNow:HH:mm:ss.fff} {(int)response.StatusCode}");
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                failures.Add($"{DateTime.UtcNow:HH:mm:ss.fff} {e.Message}");
            }

            await Task.Delay(100);
        }

        return failures;
    }
}
