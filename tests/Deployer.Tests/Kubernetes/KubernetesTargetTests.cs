using System.Diagnostics;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Platform.Contracts;
using Platform.Deployer.Rollouts;
using Platform.Deployer.Kubernetes;
using Platform.Deployer.Specs;
using Platform.Deployer.Targets;
using Platform.Testing;
using static Platform.Deployer.Tests.Kubernetes.KubernetesCluster;

namespace Platform.Deployer.Tests.Kubernetes;

/// <summary>
/// The Kubernetes target against a FAKE API server (no real one can run here), reached through a kubeconfig
/// file exactly as a cluster would be; announcements go through the real RabbitMQ node of the fixture.
/// </summary>
[Collection(DeployerCollection.Name)]
public sealed class KubernetesTargetTests(DeployerFixture fixture) : IAsyncLifetime
{
    private static readonly TimeSpan MessageTimeout = TimeSpan.FromSeconds(15);
    private readonly CancellationTokenSource deadline = new(TimeSpan.FromSeconds(60));
    private KubernetesCluster cluster = null!;

    private CancellationToken Deadline => deadline.Token;

    public async Task InitializeAsync() => cluster = await StartAsync();

    public async Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await cluster.DisposeAsync();
        deadline.Dispose();
    }

    [Fact(Timeout = 60_000)]
    public async Task A_service_rollout_patches_the_deployment_to_the_digest_and_completes_when_every_replica_is_updated_and_available()
    {
        cluster.AddDeployment("web", Image("team/web", '1'));
        var web = Service("web");
        Assert.Equal(Digest('1'), await cluster.Services.RunningDigestAsync(web, Deadline));

        var watch = Stopwatch.StartNew();
        var running = await cluster.Services.ReplaceAsync(web, RegistryHost, Digest('2'), Guid.NewGuid(), Deadline);
        watch.Stop();

        Assert.Equal(Image("team/web", '2'), cluster.DeploymentImage("web"));
        Assert.True(watch.Elapsed >= cluster.Server.RolloutDuration,
            $"expected the rollout to be followed until the controller finished ({cluster.Server.RolloutDuration.TotalMilliseconds} ms), it returned after {watch.ElapsedMilliseconds} ms");
        Assert.Equal((Digest('1'), $"{Namespace}/web"), (running.PreviousDigest, running.ContainerId));
        Assert.Equal(Digest('2'), await cluster.Services.RunningDigestAsync(web, Deadline));
        Assert.Single(cluster.Server.Requests, r => r.StartsWith("PATCH ", StringComparison.Ordinal));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_rollout_that_exceeds_its_progress_deadline_is_rolled_back_to_the_previous_image_and_announced_with_the_pods_log()
    {
        cluster.AddDeployment("api", Image("team/api", '1'), progressDeadlineSeconds: 2);
        cluster.Server.NeverAvailable[Image("team/api", '3')] = ["api: starting", "api: fatal: cannot reach the database"];
        await using var failed = await MessageTap.StartAsync(fixture.Broker.ConnectionString, typeof(DeploymentFailed).FullName!, Deadline);
        await using var rolledBack = await MessageTap.StartAsync(fixture.Broker.ConnectionString, typeof(DeploymentRolledBack).FullName!, Deadline);
        var history = new DeploymentHistory(Options.Create(new DeployerOptions { DataDirectory = cluster.DataDirectory }));
        var rollout = Rollout(history);
        var change = new ImageDigestChanged(Guid.NewGuid(), "team/api", RegistryHost, "latest", Digest('1'), Digest('3'), null, DigestSource.Webhook, DateTimeOffset.UtcNow);

        await rollout.RollOutAsync(Service("api"), change, Deadline);

        Assert.Equal(Image("team/api", '1'), cluster.DeploymentImage("api"));
        var record = (await history.ListAsync("api", 1, Deadline)).Single();
        Assert.True(record.Outcome == DeploymentOutcome.RolledBack && record.PreviousDigest == Digest('1'),
            $"expected a rollback to {Digest('1')} in the history, saw {record}");
        var announced = await Eventually.WaitAsync(_ => Task.FromResult(rolledBack.Where("correlationId", change.CorrelationId.ToString())),
            m => m.Count > 0, MessageTimeout, "DeploymentRolledBack of the api rollout");
        var reason = announced[0].GetProperty("reason").GetString()!;
        Assert.Contains("progress deadline", reason, StringComparison.Ordinal);
        Assert.Contains("CrashLoopBackOff", reason, StringComparison.Ordinal);
        Assert.StartsWith("api:", reason, StringComparison.Ordinal);
        Assert.Equal(Digest('1'), announced[0].GetProperty("restoredDigest").GetString());
        var logTail = announced[0].GetProperty("logTail").EnumerateArray().Select(l => l.GetString()).ToList();
        Assert.True(logTail.Contains("api: fatal: cannot reach the database"), $"expected the pod's log in the announcement, saw [{string.Join(" | ", logTail)}]");
        await Eventually.WaitAsync(_ => Task.FromResult(failed.Where("correlationId", change.CorrelationId.ToString())),
            m => m.Count == 1, MessageTimeout, "DeploymentFailed of the api rollout");
    }

    [Fact(Timeout = 60_000)]
    public async Task A_job_update_patches_the_cron_jobs_template_image_schedule_policy_and_timeout_and_names_its_next_run()
    {
        cluster.AddCronJob("etl-weather", Image("team/etl-weather", '1'));
        var job = new JobDeployment("etl-weather", new FollowedImage("team/etl-weather", null, FollowPolicy.Latest),
            new CronSchedule("*/15 * * * *", TimeZoneInfo.Utc), ["--since", "1d"], new Dictionary<string, string> { ["LOG_LEVEL"] = "debug" },
            TimeSpan.FromMinutes(10), ConcurrencyPolicy.Forbid, new KubernetesObject("etl-weather", null));

        var first = await cluster.Jobs.UseDigestAsync(job, RegistryHost, Digest('4'), Deadline);

        var spec = cluster.Server.Get("cronjobs", Namespace, "etl-weather")["spec"]!;
        var container = spec["jobTemplate"]!["spec"]!["template"]!["spec"]!["containers"]![0]!;
        Assert.Equal(Image("team/etl-weather", '4'), container["image"]!.GetValue<string>());
        Assert.Equal(["--since", "1d"], container["args"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Equal("debug", container["env"]![0]!["value"]!.GetValue<string>());
        Assert.Equal(("*/15 * * * *", "Forbid", 600L), (spec["schedule"]!.GetValue<string>(), spec["concurrencyPolicy"]!.GetValue<string>(),
            spec["jobTemplate"]!["spec"]!["activeDeadlineSeconds"]!.GetValue<long>()));
        Assert.Equal("Never", spec["jobTemplate"]!["spec"]!["template"]!["spec"]!["restartPolicy"]!.GetValue<string>());
        var next = job.Schedule.Next(DateTimeOffset.UtcNow)!.Value.UtcDateTime;
        Assert.Contains($"next Job, at {next:yyyy-MM-dd HH:mm}", first, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task An_object_that_does_not_exist_or_that_the_service_account_may_not_patch_fails_naming_the_deployment_and_the_others_carry_on()
    {
        cluster.AddDeployment("web", Image("team/web", '1'));
        cluster.AddDeployment("locked", Image("team/locked", '1'));
        cluster.Server.Forbid("patch", "deployments", Namespace, "locked");
        var history = new DeploymentHistory(Options.Create(new DeployerOptions { DataDirectory = cluster.DataDirectory }));
        var rollout = Rollout(history);
        ImageDigestChanged Change(string name) =>
            new(Guid.NewGuid(), $"team/{name}", RegistryHost, "latest", null, Digest('5'), null, DigestSource.Poll, DateTimeOffset.UtcNow);

        await Task.WhenAll(new[] { "ghost", "locked", "web" }.Select(name => rollout.RollOutAsync(Service(name), Change(name), Deadline)));

        var outcomes = (await history.ListAsync(null, 10, Deadline)).ToDictionary(r => r.Service);
        Assert.True(outcomes["ghost"] is { Outcome: DeploymentOutcome.Failed, Error: { } ghost }
            && ghost.StartsWith("ghost: the Deployment data/ghost does not exist", StringComparison.Ordinal), $"ghost: {outcomes["ghost"]}");
        Assert.True(outcomes["locked"] is { Outcome: DeploymentOutcome.Failed, Error: { } locked }
            && locked.StartsWith("locked: the service account may not patch Deployment in namespace data", StringComparison.Ordinal)
            && locked.Contains("cannot patch resource", StringComparison.Ordinal), $"locked: {outcomes["locked"]}");
        Assert.Equal(DeploymentOutcome.Succeeded, outcomes["web"].Outcome);
        Assert.Equal(Image("team/web", '5'), cluster.DeploymentImage("web"));
        Assert.Equal(Image("team/locked", '1'), cluster.DeploymentImage("locked"));
    }

    [Fact(Timeout = 30_000)]
    public async Task A_kubeconfig_without_the_clusters_token_is_refused_with_a_clear_error()
    {
        cluster.AddDeployment("web", Image("team/web", '1'));
        var kubeconfig = Path.Combine(cluster.DataDirectory, "wrong-token");
        await File.WriteAllTextAsync(kubeconfig, cluster.Server.Kubeconfig(Namespace).Replace(cluster.Server.Token, "not-the-token", StringComparison.Ordinal), Deadline);
        using var connection = new KubernetesConnection(Options.Create(new Deployer.Kubernetes.KubernetesTargetOptions { Kubeconfig = kubeconfig }));
        var target = new Deployer.Kubernetes.KubernetesServiceTarget(connection, Options.Create(new Deployer.Kubernetes.KubernetesTargetOptions()),
            TimeProvider.System, NullLogger<Deployer.Kubernetes.KubernetesServiceTarget>.Instance);

        var failure = await Assert.ThrowsAsync<DeploymentException>(() => target.RunningDigestAsync(Service("web"), Deadline));

        Assert.StartsWith("web: the API server did not accept the credentials to get the Deployment data/web", failure.Message, StringComparison.Ordinal);
    }

    private ServiceRollout Rollout(DeploymentHistory history)
    {
        var options = Options.Create(new DeployerOptions { DataDirectory = cluster.DataDirectory });
        return new(cluster.Services, history, new Deployer.Ledger.DeploymentLedger(new Deployer.Ledger.LedgerDatabase(options), TimeProvider.System),
            new RolloutRecovery(cluster.Services, history, TimeProvider.System, NullLogger<RolloutRecovery>.Instance),
            fixture.Bus, new ApplicationLifetime(NullLogger<ApplicationLifetime>.Instance), TimeProvider.System, options, NullLogger<ServiceRollout>.Instance);
    }
}
