using Docker.DotNet.Models;
using static Platform.Bench.Load.Stats;

namespace Platform.Bench.Load;

/// <summary>Checks the end state of the deploy run (messages, containers, endpoints) and writes its figures.</summary>
public static class DeployReport
{
    public static LoadResult Build(TextWriter output, DeployOutcome o)
    {
        var checks = new CheckList();
        output.WriteLine("checks:");
        var once = o.V2.Count(d => LoadDeployRun.DeployedWith(o, d) == 1);
        var twice = o.V2.Count(d => LoadDeployRun.DeployedWith(o, d) > 1);
        var firstOnce = o.V1.Count(d => LoadDeployRun.DeployedWith(o, d) == 1);
        var serving = o.Containers.Where(c => c.State == "running" && !IsCandidate(c)).ToList();
        var onV2 = Enumerable.Range(0, o.Services).Count(i =>
            serving.Count(c => Label(c, "dev.platform.image") == $"{o.Registry}/{LoadDeployRun.Image(i)}") == 1
            && serving.Any(c => Label(c, "dev.platform.image") == $"{o.Registry}/{LoadDeployRun.Image(i)}" && Label(c, "dev.platform.digest") == o.V2[i]));
        var candidates = o.Containers.Count(IsCandidate);
        var others = o.Containers.Count - serving.Count - candidates;
        var previousRight = o.Deployed.Count(m => o.V2.Contains(m.GetProperty("digest").GetString())
            && Array.IndexOf(o.V2, m.GetProperty("digest").GetString()) is var i && m.GetProperty("previousDigest").GetString() == o.V1[i]);

        checks.Add("the deployer kept running", "yes", o.Running ? "yes" : "no", o.Running, output);
        checks.Add("first deployment: services with one ServiceDeployed at v1", N(o.Services), N(firstOnce), firstOnce == o.Services, output);
        checks.Add("redeploy: services with exactly one ServiceDeployed at their v2 digest", N(o.Services), N(once), once == o.Services && o.Second.Completed, output);
        checks.Add("redeploy: services deployed more than once at v2", "0", N(twice), twice == 0, output);
        checks.Add("ServiceDeployed of the redeploy naming v1 as the previous digest", N(o.Services), N(previousRight), previousRight == o.Services, output);
        checks.Add("DeploymentFailed", "0", N(o.Failed.Count) + (o.Failed.Count > 0 ? $" ({o.Failed[0]})" : ""), o.Failed.Count == 0, output);
        checks.Add("services with exactly one running container, on v2", N(o.Services), N(onV2), onV2 == o.Services, output);
        checks.Add("containers of the environment other than those (candidates, old versions, stopped)", "0", $"{N(candidates)} candidates, {N(others)} others", candidates == 0 && others == 0, output);
        checks.Add("v2 endpoints answering their health path", N(o.Services), N(o.Answering), o.Answering == o.Services, output);
        var bound = o.LiveHeapBefore * 1.5 + 16;
        checks.Add("deployer's live managed heap after the redeploy (full GC) near its start", $"at most {F(bound)} MiB", $"{F(o.LiveHeapAfter)} MiB",
            !double.IsNaN(o.LiveHeapAfter) && o.LiveHeapAfter <= bound, output);

        return new LoadResult(LoadDeployRun.Name, $"{o.Services} services redeployed at once", Now())
        {
            Figures =
            [
                new("redeploy: all 50 healthy on the new digest after", $"{F(o.Second.Elapsed.TotalSeconds, "0.0")} s ({F(o.Services / o.Second.Elapsed.TotalSeconds, "0.0")} rollouts/s)"),
                new("first deployment (nothing running before): all healthy after", $"{F(o.First.Elapsed.TotalSeconds, "0.0")} s"),
                new("rollouts at once (most candidate containers seen, sampled every 100 ms)", $"{o.Second.PeakCandidates} (first deployment: {o.First.PeakCandidates}); the consumer takes at most 32 changes at once"),
                new("deployer working set: quiet / peak in the redeploy / peak overall (VmHWM)", $"{F(o.QuietWorkingSet)} / {F(o.PeakWorkingSetInRound)} / {F(o.PeakWorkingSet)} MiB"),
                new("deployer managed heap: live before / peak in the redeploy / live after", $"{F(o.LiveHeapBefore)} / {F(o.PeakHeapInRound)} / {F(o.LiveHeapAfter)} MiB"),
            ],
            Checks = checks.All,
            Details =
            [
                "The deployer's own process (Release build) on the Docker target, one real docker-registry, one RabbitMQ node, the machine's Docker engine (dockerd 20.10, legacy builder, --iptables=false), all on loopback.",
                $"{o.Services} catalogue services (`load/svc-NN`, kind service, port 8080, health `{"/cgi-bin/health"}`, the environment's default: every catalogue service); each has two digests of its own (v1, v2): one busybox httpd image built once, and per service and version a config with one more label, its layers mounted across repositories, so each digest is a distinct image for the engine to pull.",
                "First deployment: 50 ImageDigestChanged for v1 published at once (no container ran). Redeploy (measured): 50 ImageDigestChanged for v2, previous digest v1, published at once; timed from the first publish to the last ServiceDeployed on the broker. Each rollout pulls by digest, starts a candidate on a free loopback port, probes its health every 250 ms (the default), renames it, and retires the old container.",
                "Every container carries `dev.platform.environment=<run>`; the run removes them and the images it pulled at the end.",
            ],
        };
    }

    private static string? Label(ContainerListResponse c, string name) => c.Labels.TryGetValue(name, out var value) ? value : null;

    private static bool IsCandidate(ContainerListResponse c) => c.Names.Any(n => n.EndsWith(".candidate", StringComparison.Ordinal));
}
