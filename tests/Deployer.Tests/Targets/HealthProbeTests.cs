using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Platform.Deployer.Docker;

namespace Platform.Deployer.Tests.Targets;

/// <summary>The health probe against a loopback server that accepts connections and never answers.</summary>
public sealed class HealthProbeTests
{
    [Fact(Timeout = 30_000)]
    public async Task A_probe_is_bounded_by_the_time_the_rollout_has_left_not_by_its_own_request_timeout()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var accepted = silent.AcceptTcpClientAsync();
        using var probe = new HealthProbe();
        var uri = new Uri($"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}/health");

        var watch = Stopwatch.StartNew();
        var problem = await probe.CheckAsync(uri, TimeSpan.FromMilliseconds(300), CancellationToken.None);
        watch.Stop();

        Assert.Equal(new ProbeProblem("GET /health did not answer within 0.3 s", CutByDeadline: true), problem);
        Assert.True(watch.Elapsed < HealthProbe.RequestTimeout / 2, $"expected the probe to give up after the 300 ms left, it took {watch.ElapsedMilliseconds} ms");
        (await accepted).Dispose();
    }
}
