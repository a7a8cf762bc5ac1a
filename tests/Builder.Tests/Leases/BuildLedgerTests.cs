using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Platform.Builder.History;
using Platform.Builder.Leases;
using Platform.Contracts;
using Platform.Testing;

namespace Platform.Builder.Tests.Leases;

/// <summary>The coordinator's book of build keys on a real SQLite store: what it sends, adopts and records, attempt by attempt.</summary>
public sealed class BuildLedgerTests : IDisposable
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory data = new("ledger");
    private readonly BuildHistory history;
    private readonly BuildLedger ledger;
    private readonly Guid correlation = Guid.NewGuid();

    public BuildLedgerTests()
    {
        var store = new BuilderStore(Options.Create(new BuilderOptions { DataDirectory = data.Path }));
        history = new BuildHistory(store);
        ledger = new BuildLedger(new BuildLeases(store), history, TimeProvider.System, NullLogger<BuildLedger>.Instance);
    }

    [Fact]
    public async Task A_key_nobody_holds_is_sent_and_a_key_on_the_queue_is_adopted_not_sent_again()
    {
        var first = await ledger.BeforeSendAsync(Wanted("k1"), CancellationToken.None);
        Assert.Equal(LeaseDecision.Send, first.Decision);
        await ledger.SentAsync(first.Lease, CancellationToken.None);

        // A coordinator that restarted plans the commit again: the command is still out.
        var again = await ledger.BeforeSendAsync(Wanted("k1") with { CorrelationId = Guid.NewGuid() }, CancellationToken.None);
        Assert.Equal(LeaseDecision.Adopt, again.Decision);
        Assert.Equal(correlation, again.Lease.CorrelationId);
    }

    [Fact]
    public async Task A_lease_left_in_sending_by_a_stopped_coordinator_is_sent_again()
    {
        await ledger.BeforeSendAsync(Wanted("k2"), CancellationToken.None);

        var again = await ledger.BeforeSendAsync(Wanted("k2"), CancellationToken.None);

        Assert.Equal(LeaseDecision.Resend, again.Decision);
    }

    [Fact]
    public async Task An_attempt_that_started_and_never_answered_is_recorded_as_interrupted_when_another_takes_over()
    {
        await SendAsync("k3");
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();
        await ledger.OnStartedAsync(Started("k3", first, "builder-a", redelivered: false), CancellationToken.None);
        await ledger.OnStartedAsync(Started("k3", second, "builder-b", redelivered: true), CancellationToken.None);
        await ledger.OnPushedAsync(Pushed("k3", second, "builder-b"), CancellationToken.None);

        var builds = (await history.ListAsync("team/app", 10, CancellationToken.None)).OrderBy(b => b.Id).ToList();
        Assert.Collection(builds,
            interrupted =>
            {
                Assert.Equal((BuildOutcome.Interrupted, 1, first, "builder-a"), (interrupted.Outcome, interrupted.Attempt, interrupted.AttemptId, interrupted.BuiltBy));
                Assert.Contains("builder-b took the build over as attempt 2", interrupted.Error);
            },
            succeeded => Assert.Equal((BuildOutcome.Succeeded, 2, second, "sha256:aa"), (succeeded.Outcome, succeeded.Attempt, succeeded.AttemptId, succeeded.Digest)));
    }

    [Fact]
    public async Task A_redelivered_command_whose_first_attempt_never_reported_its_start_counts_that_attempt_as_interrupted()
    {
        await SendAsync("k4");
        var attempt = Guid.NewGuid();
        await ledger.OnStartedAsync(Started("k4", attempt, "builder-b", redelivered: true), CancellationToken.None);
        await ledger.OnPushedAsync(Pushed("k4", attempt, "builder-b"), CancellationToken.None);

        var builds = (await history.ListAsync("team/app", 10, CancellationToken.None)).OrderBy(b => b.Id).ToList();
        Assert.Equal([(BuildOutcome.Interrupted, 1), (BuildOutcome.Succeeded, 2)], builds.Select(b => (b.Outcome, b.Attempt ?? 0)));
        Assert.Contains("stopped before it reported its start", builds[0].Error);
    }

    [Fact]
    public async Task A_start_reported_before_the_broker_confirmed_the_command_is_not_overwritten_by_the_confirmation()
    {
        // The instance took the command and reported its start while the coordinator still waited for the publish.
        var check = await ledger.BeforeSendAsync(Wanted("k7"), CancellationToken.None);
        var first = Guid.NewGuid();
        await ledger.OnStartedAsync(Started("k7", first, "builder-a", redelivered: false), CancellationToken.None);
        await ledger.SentAsync(check.Lease, CancellationToken.None);

        // It stops; the redelivered command runs as attempt 2 and attempt 1 keeps its id (and so its log).
        var second = Guid.NewGuid();
        await ledger.OnStartedAsync(Started("k7", second, "builder-a", redelivered: true), CancellationToken.None);
        await ledger.OnPushedAsync(Pushed("k7", second, "builder-a"), CancellationToken.None);

        var builds = (await history.ListAsync("team/app", 10, CancellationToken.None)).OrderBy(b => b.Id).ToList();
        Assert.Equal([(BuildOutcome.Interrupted, 1, (Guid?)first), (BuildOutcome.Succeeded, 2, second)], builds.Select(b => (b.Outcome, b.Attempt ?? 0, b.AttemptId)));
    }

    [Fact]
    public async Task A_push_delivered_twice_is_recorded_once_and_a_later_command_for_the_key_is_a_new_attempt()
    {
        await SendAsync("k5");
        var attempt = Guid.NewGuid();
        await ledger.OnStartedAsync(Started("k5", attempt, "builder-a", redelivered: false), CancellationToken.None);
        Assert.NotNull(await ledger.OnPushedAsync(Pushed("k5", attempt, "builder-a"), CancellationToken.None));
        Assert.Null(await ledger.OnPushedAsync(Pushed("k5", attempt, "builder-a"), CancellationToken.None));

        var check = await ledger.BeforeSendAsync(Wanted("k5"), CancellationToken.None);

        Assert.Single(await history.ListAsync("team/app", 10, CancellationToken.None));
        // The instance that takes it finds the key's index pushed and only sets its tags again.
        Assert.Equal(LeaseDecision.Send, check.Decision);
        Assert.Equal(1, check.Lease.Attempt);
    }

    [Fact]
    public async Task A_failed_key_is_sent_again_as_a_new_attempt_and_the_success_keeps_the_planned_inputs()
    {
        await SendAsync("k6");
        var first = Guid.NewGuid();
        await ledger.OnStartedAsync(Started("k6", first, "builder-a", redelivered: false), CancellationToken.None);
        await ledger.OnFailedAsync(new ImageBuildFailed(correlation, "team/app", "c0ffee", BuildFailureStage.Test, "smoke failed", [], Noon, null, "builder-a", "k6", first), CancellationToken.None);

        var retry = await ledger.BeforeSendAsync(Wanted("k6"), CancellationToken.None);
        Assert.Equal(LeaseDecision.Send, retry.Decision);
        await ledger.SentAsync(retry.Lease, CancellationToken.None);
        var second = Guid.NewGuid();
        await ledger.OnStartedAsync(Started("k6", second, "builder-a", redelivered: false), CancellationToken.None);
        var success = await ledger.OnPushedAsync(Pushed("k6", second, "builder-a"), CancellationToken.None);

        Assert.Equal(2, success!.Attempt);
        Assert.Equal("base-digest", success.BaseDigests["team/base"]);
        Assert.Equal("planned", success.Reason);
    }

    public void Dispose() => data.Dispose();

    private async Task SendAsync(string key)
    {
        var check = await ledger.BeforeSendAsync(Wanted(key), CancellationToken.None);
        await ledger.SentAsync(check.Lease, CancellationToken.None);
    }

    private BuildLease Wanted(string key) =>
        new(key, "team/app", "c0ffee", correlation, "planned", LeaseState.Sending, 0, null, null, Noon, null)
        {
            BaseDigests = new Dictionary<string, string> { ["team/base"] = "base-digest" },
        };

    private ImageBuildStarted Started(string key, Guid attempt, string instance, bool redelivered) =>
        new(correlation, "team/app", "c0ffee", key, attempt, instance, Noon, redelivered);

    private ImagePushed Pushed(string key, Guid attempt, string instance) =>
        new(correlation, "team/app", "127.0.0.1:5000", ["latest"], "sha256:aa", "c0ffee", Noon.AddSeconds(5), [], instance, key, attempt);
}
