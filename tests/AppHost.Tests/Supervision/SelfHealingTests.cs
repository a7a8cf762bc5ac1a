using System.Globalization;
using System.Text.Json;
using Platform.AppHost.Supervision;
using Platform.Testing;

namespace Platform.AppHost.Tests.Supervision;

/// <summary>
/// The beta environment heals itself as a cluster would: a process killed with SIGKILL is started again by
/// the AppHost, the resource shows its restart count and goes on with its work; a stop asked for stays a stop.
/// </summary>
[Collection(EndToEnd.Collection)]
public sealed class SelfHealingTests(BetaEnvironment beta) : IClassFixture<BetaEnvironment>
{
    private const string WatcherProgram = "Platform.RegistryWatcher";
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task A_service_killed_with_sigkill_is_started_again_with_backoff_shows_its_restarts_and_goes_on_announcing_pushes()
    {
        await WaitForEveryImageAnnouncedAsync();
        var before = await HealthyAsync("registry-watcher");
        var restartsBefore = Restarts(before);
        await using var log = ResourceLog.Watch(beta.App, before.ResourceId);

        var first = await KillServiceAndWaitForItsReturnAsync(before, restartsBefore + 1);
        // A second crash right after the first waits twice as long, as Kubernetes' CrashLoopBackOff does.
        var second = await KillServiceAndWaitForItsReturnAsync(first, restartsBefore + 2);

        Assert.Equal((restartsBefore + 2).ToString(CultureInfo.InvariantCulture), ResourceProcess.PropertyOf(second, RestartProperties.Restarts));
        Assert.Contains("after exit code 137", ResourceProcess.PropertyOf(second, RestartProperties.LastRestart));
        await Eventually.WaitAsync(
            _ => Task.FromResult(log.Lines),
            lines => lines.Any(l => l.Contains("exited unexpectedly (exit code 137); starting it again in 1 s", StringComparison.Ordinal))
                && lines.Any(l => l.Contains("exited unexpectedly (exit code 137); starting it again in 2 s", StringComparison.Ordinal))
                && lines.Any(l => l.Contains($"started again by the AppHost (restarts: {restartsBefore + 2})", StringComparison.Ordinal)),
            StepTimeout, beta.Failure("the restarts told in the watcher's console log"));

        // Still doing its work: a push made outside the builder is seen through the registry's webhook and announced.
        await using var tap = await MessageTap.StartAsync(await beta.ConnectionStringAsync("messaging"), "Platform.Contracts.ImageDigestChanged", CancellationToken.None);
        using var pusher = new OciPusher((await beta.RegistryAsync()).BaseUri);
        var (digest, _) = await pusher.PushImageAsync("dataplatform/etl-weather", "latest");
        await Eventually.WaitAsync(
            _ => Task.FromResult(tap.Where("digest", digest)), m => m.Count > 0, StepTimeout, beta.Failure($"ImageDigestChanged for {digest} after the restarts"));
    }

    [Fact]
    public async Task A_service_stopped_from_the_dashboard_stays_stopped_until_it_is_started_by_hand()
    {
        var before = await HealthyAsync("deployer");
        var restartsBefore = Restarts(before);
        await using var log = ResourceLog.Watch(beta.App, before.ResourceId);

        using var cts = new CancellationTokenSource(StepTimeout);
        var stop = await beta.App.ResourceCommands.ExecuteCommandAsync(before.ResourceId, KnownResourceCommands.StopCommand, cts.Token);
        Assert.True(stop.Success, $"stop failed: {stop.Message}");
        await beta.App.ResourceNotifications.WaitForResourceAsync("deployer", e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text), cts.Token);

        // Five times the first backoff: a restart would have started by now.
        await Task.Delay(RestartPolicy.Default.InitialDelay * 5, cts.Token);
        Assert.True(beta.App.ResourceNotifications.TryGetCurrentState(before.ResourceId, out var stopped));
        Assert.True(KnownResourceStates.TerminalStates.Contains(stopped.Snapshot.State?.Text), beta.Failure($"the stopped deployer is {stopped.Snapshot.State?.Text}"));
        Assert.Equal(restartsBefore, Restarts(stopped));
        Assert.DoesNotContain(log.Lines, l => l.Contains("exited unexpectedly", StringComparison.Ordinal));

        var start = await beta.App.ResourceCommands.ExecuteCommandAsync(before.ResourceId, KnownResourceCommands.StartCommand, cts.Token);
        Assert.True(start.Success, $"start failed: {start.Message}");
        await beta.App.ResourceNotifications.WaitForResourceAsync("deployer", KnownResourceStates.Running, cts.Token);
        var started = await HealthyAsync("deployer");
        Assert.Equal(restartsBefore, Restarts(started));
    }

    [Fact]
    public async Task The_registry_process_killed_with_sigkill_is_started_again_and_still_serves_its_images()
    {
        await WaitForEveryImageAnnouncedAsync();
        var digest = await beta.RegistryDigestAsync("dataplatform/status-api", "latest");
        Assert.NotNull(digest);
        var before = await HealthyAsync("registry");
        var pid = ResourceProcess.PidOf(before) ?? throw new InvalidOperationException("the registry has no PID");

        ResourceProcess.KillHard(pid);
        var after = await WaitForRestartAsync(before, pid, Restarts(before) + 1);

        Assert.False(ResourceProcess.IsAlive(pid), $"the killed registry process {pid} still runs");
        Assert.NotEqual(pid, ResourceProcess.PidOf(after));
        Assert.Equal(digest, await beta.RegistryDigestAsync("dataplatform/status-api", "latest"));
    }

    /// <summary>Kills the service's own process (the child of <c>dotnet run</c>, as a crash would end it) and waits for a new one.</summary>
    private async Task<ResourceEvent> KillServiceAndWaitForItsReturnAsync(ResourceEvent running, int expectedRestarts)
    {
        var runPid = ResourceProcess.PidOf(running) ?? throw new InvalidOperationException($"{running.ResourceId} has no PID");
        var servicePid = await ServiceProcessAsync(runPid);

        ResourceProcess.KillHard(servicePid);
        var after = await WaitForRestartAsync(running, runPid, expectedRestarts);

        Assert.False(ResourceProcess.IsAlive(servicePid), $"the killed process {servicePid} still runs");
        var newServicePid = await ServiceProcessAsync(ResourceProcess.PidOf(after)!.Value);
        Assert.NotEqual(servicePid, newServicePid);
        return after;
    }

    private async Task<int> ServiceProcessAsync(int dotnetRunPid) =>
        (await Eventually.WaitAsync(
            _ => Task.FromResult(ResourceProcess.ServiceProcessOf(dotnetRunPid, WatcherProgram)),
            pid => pid is not null,
            StepTimeout, beta.Failure($"the {WatcherProgram} process under dotnet run {dotnetRunPid}"))) ?? 0;

    private async Task<ResourceEvent> WaitForRestartAsync(ResourceEvent before, int killedPid, int expectedRestarts)
    {
        using var cts = new CancellationTokenSource(StepTimeout);
        try
        {
            await beta.App.ResourceNotifications.WaitForResourceAsync(
                before.Resource.Name,
                e => e.Snapshot.State?.Text == KnownResourceStates.Running && ResourceProcess.PidOf(e) is { } pid && pid != killedPid && Restarts(e) == expectedRestarts,
                cts.Token);
        }
        catch (OperationCanceledException)
        {
            beta.App.ResourceNotifications.TryGetCurrentState(before.ResourceId, out var seen);
            Assert.Fail(beta.Failure($"{before.ResourceId} to run again with restart count {expectedRestarts}; seen {seen?.Snapshot.State?.Text}, restarts {(seen is null ? "?" : Restarts(seen))}"));
        }

        return await HealthyAsync(before.Resource.Name);
    }

    private async Task<ResourceEvent> HealthyAsync(string resource)
    {
        using var cts = new CancellationTokenSource(StepTimeout);
        return await beta.App.ResourceNotifications.WaitForResourceHealthyAsync(resource, cts.Token);
    }

    private static int Restarts(ResourceEvent resource) =>
        ResourceProcess.PropertyOf(resource, RestartProperties.Restarts) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : 0;

    private async Task WaitForEveryImageAnnouncedAsync() =>
        await Eventually.WaitAsync(
            ct => beta.GetListAsync("registry-watcher", "/api/watches", ct),
            watches => watches.Count == 3 && watches.All(w => w.GetProperty("announcedDigest").ValueKind == JsonValueKind.String),
            BetaEnvironment.StartTimeout, beta.Failure("all three images announced"));
}
