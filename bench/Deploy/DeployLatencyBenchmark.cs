using System.Diagnostics;
using System.Globalization;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Platform.Bench.Results;
using Platform.Contracts;
using Platform.Deployer.Rollouts;
using Platform.Testing;

namespace Platform.Bench.Deploy;

/// <summary>
/// The time from ImageDigestChanged published to the new service container healthy and the old one gone,
/// against the same replacement by hand with the docker CLI (pull, run, wait until healthy, remove the old
/// one), in the same run, on the same engine, registry and images.
/// </summary>
public static class DeployLatencyBenchmark
{
    public const string Name = "deploy-latency";
    private const int Rounds = 10;

    public static async Task<BenchmarkResult> RunAsync(TextWriter output)
    {
        await using var bench = await DeployBench.StartAsync(output);
        var platform = await PlatformAsync(bench, output);
        var cli = await CliAsync(bench, output);
        var ratio = DeployBench.Median(platform) / DeployBench.Median(cli);
        return new BenchmarkResult(
            "Redeploy of a service: ImageDigestChanged to the new container healthy",
            "median ms per redeploy",
            DeployBench.Median(platform),
            DeployBench.Median(cli),
            "docker CLI by hand (pull, run, curl until healthy, rm -f the old one)",
            "Platform at most 1.2x the docker CLI",
            DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture))
        {
            Rows =
            [
                new("ratio Platform / docker CLI", Format(ratio, "0.00"), "1"),
                new("fastest ms", Format(platform.Min()), Format(cli.Min())),
                new("slowest ms", Format(platform.Max()), Format(cli.Max())),
            ],
            Details =
            [
                $"{Rounds} redeploys each, alternating between two digests of a busybox httpd service (the first of each side warms up and is not counted); health polled every 100 ms on both sides.",
                "Platform: ImageDigestChanged published on RabbitMQ, the deployer's consumer, environment lookup, pull by digest, a candidate container on a free loopback port, HTTP health probes, rename to its final name, the old container stopped (SIGTERM) and removed; timed until ServiceDeployed arrives.",
                "Baseline: one bash script per redeploy: docker pull by digest, docker run -d -p 127.0.0.1::8080, curl every 100 ms until the health path answers, docker rm -f of the old container.",
            ],
        };
    }

    private static async Task<List<double>> PlatformAsync(DeployBench bench, TextWriter output)
    {
        using var host = bench.Deployer(bus => bus.AddConsumer<ImageDigestChangedConsumer>(typeof(ImageDigestChangedConsumerDefinition)));
        await host.StartAsync();
        await using var deployed = await MessageTap.StartAsync(bench.Broker.ConnectionString, typeof(ServiceDeployed).FullName!, CancellationToken.None);
        var bus = host.Services.GetRequiredService<IBus>();
        var times = new List<double>();
        string? previous = null;
        for (var round = 0; round <= Rounds; round++)
        {
            var digest = round % 2 == 0 ? bench.V1 : bench.V2;
            var change = new ImageDigestChanged(Guid.NewGuid(), DeployBench.Service, bench.Registry.Host, "latest", previous, digest, null,
                DigestSource.Poll, DateTimeOffset.UtcNow);
            var watch = Stopwatch.StartNew();
            await bus.Publish(change);
            await Eventually.WaitAsync(_ => Task.FromResult(deployed.Where("correlationId", change.CorrelationId.ToString()).Count),
                count => count > 0, TimeSpan.FromMinutes(1), $"ServiceDeployed for {digest}", TimeSpan.FromMilliseconds(5));
            watch.Stop();
            previous = digest;
            output.WriteLine($"platform round {round}: {watch.Elapsed.TotalMilliseconds:F0} ms");
            if (round > 0)
            {
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
        }

        await host.StopAsync();
        return times;
    }

    private static async Task<List<double>> CliAsync(DeployBench bench, TextWriter output)
    {
        const string script = """
            set -euo pipefail
            ref=$1; new=$2; old=$3; label=$4; health=$5
            docker pull -q "$ref" >/dev/null
            docker run -d --name "$new" --label "$label" -p 127.0.0.1::8080 --restart unless-stopped "$ref" >/dev/null
            port=$(docker port "$new" 8080/tcp | head -1 | sed 's/.*://')
            until curl -fsS -o /dev/null "http://127.0.0.1:$port$health"; do sleep 0.1; done
            if [ -n "$old" ]; then docker rm -f "$old" >/dev/null; fi
            """;
        var times = new List<double>();
        var old = "";
        for (var round = 0; round <= Rounds; round++)
        {
            var digest = round % 2 == 0 ? bench.V1 : bench.V2;
            var name = $"{bench.Environment}-by-hand-{round}";
            var watch = Stopwatch.StartNew();
            await DeployBench.Run("bash", ["-c", script, "redeploy", $"{bench.Repository}@{digest}", name, old,
                $"dev.platform.environment={bench.Environment}", DeployBench.HealthPath]);
            watch.Stop();
            old = name;
            output.WriteLine($"docker CLI round {round}: {watch.Elapsed.TotalMilliseconds:F0} ms");
            if (round > 0)
            {
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
        }

        return times;
    }

    private static string Format(double value, string format = "0") => value.ToString(format, CultureInfo.InvariantCulture);
}
