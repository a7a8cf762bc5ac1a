using Platform.Deployer.Ledger;
using Platform.Deployer.Promotions;
using Platform.Deployer.Specs;

namespace Platform.Deployer.Tests.Promotions;

/// <summary>The qualification rules as pure functions: a digest's stint in the source environment judged at an instant.</summary>
public sealed class QualificationTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);
    private static readonly Promotion Service = new("beta", TimeSpan.FromHours(24), ApprovalMode.Auto, 0, 3);
    private static readonly Promotion Job = new("beta", TimeSpan.FromHours(72), ApprovalMode.Required, 3, 8);

    [Fact]
    public void A_service_soaking_says_for_how_long_it_ran_and_when_it_qualifies()
    {
        var verdict = Qualifications.Judge(Stint(1, "sha256:a"), Service, T0.AddHours(2));

        Assert.Equal(Verdict.Soaking, verdict.Verdict);
        Assert.Equal(T0.AddHours(24), verdict.QualifiesAt);
        Assert.Equal("it has run in beta for 2 h of 24 h without an incident", verdict.Reason);
    }

    [Fact]
    public void A_service_qualifies_once_its_soak_time_is_over_without_an_incident()
    {
        var verdict = Qualifications.Judge(Stint(1, "sha256:a"), Service, T0.AddHours(24));

        Assert.Equal(Verdict.Qualified, verdict.Verdict);
    }

    [Fact]
    public void A_digest_whose_rollout_failed_or_that_was_rolled_back_or_had_an_incident_never_qualifies()
    {
        var failed = Stint(1, "sha256:a") with { EndedAt = T0, EndReason = StintEnd.FailedRollout, EndDetail = "the new container exited with code 3" };
        var rolledBack = Stint(2, "sha256:b") with { EndedAt = T0.AddHours(30), EndReason = StintEnd.RolledBack, EndDetail = "rolled back on command" };
        var incident = Stint(3, "sha256:c") with { Incidents = [new Incident(T0.AddHours(1), "container web restarted (restart count 1)")] };

        Assert.Equal((Verdict.Disqualified, "its rollout failed in beta at 2026-11-23 08:00:00 UTC: the new container exited with code 3"),
            Judge(failed, Service, T0.AddDays(9)));
        Assert.Equal(Verdict.Disqualified, Judge(rolledBack, Service, T0.AddDays(9)).Verdict);
        Assert.Equal((Verdict.Disqualified, "it had an incident in beta at 2026-11-23 09:00:00 UTC: container web restarted (restart count 1)"),
            Judge(incident, Service, T0.AddDays(9)));
    }

    [Fact]
    public void A_digest_replaced_before_its_soak_time_was_over_never_qualifies()
    {
        var replaced = Stint(1, "sha256:a") with { EndedAt = T0.AddHours(5), EndReason = StintEnd.Replaced, EndDetail = "replaced by sha256:b" };

        var verdict = Qualifications.Judge(replaced, Service, T0.AddDays(2));

        Assert.Equal((Verdict.Disqualified, "it ran in beta for 5 h only, less than the soak time of 24 h: replaced by sha256:b"), (verdict.Verdict, verdict.Reason));
    }

    [Fact]
    public void A_job_needs_its_soak_time_and_its_successful_runs_and_a_failed_run_disqualifies_it()
    {
        var job = Stint(1, "sha256:j", DeploymentKind.Job);

        Assert.Equal(Verdict.Soaking, Judge(job with { RunsSucceeded = 5 }, Job, T0.AddHours(71)).Verdict);
        Assert.Equal((Verdict.NeedsRuns, "its soak time in beta is over, and it has 2 of 3 successful run(s): it qualifies with its next successful run(s)"),
            Judge(job with { RunsSucceeded = 2 }, Job, T0.AddHours(73)));
        Assert.Equal(Verdict.Qualified, Judge(job with { RunsSucceeded = 3 }, Job, T0.AddHours(72)).Verdict);
        Assert.Equal(Verdict.Disqualified, Judge(job with { RunsSucceeded = 280, RunsFailed = 1, Incidents = [new Incident(T0.AddHours(50), "etl-weather: the run exited with code 1")] },
            Job, T0.AddHours(80)).Verdict);
        Assert.Equal(Verdict.Disqualified,
            Judge(job with { RunsSucceeded = 2, EndedAt = T0.AddHours(80), EndReason = StintEnd.Replaced, EndDetail = "replaced" }, Job, T0.AddHours(90)).Verdict);
    }

    [Fact]
    public void A_zero_soak_time_qualifies_at_once()
    {
        Assert.Equal(Verdict.Qualified, Qualifications.Judge(Stint(1, "sha256:a"), Service with { After = TimeSpan.Zero }, T0).Verdict);
    }

    private static (Verdict Verdict, string Reason) Judge(Stint stint, Promotion promotion, DateTimeOffset now)
    {
        var verdict = Qualifications.Judge(stint, promotion, now);
        return (verdict.Verdict, verdict.Reason);
    }

    internal static Stint Stint(long id, string digest, DeploymentKind kind = DeploymentKind.Service, string environment = "beta", DateTimeOffset? at = null) =>
        new(id, environment, "status-api", kind, digest, "127.0.0.1:5000/dataplatform/status-api", "latest", "c0ffee" + id, at ?? T0, null, null, null, 0, 0, [], null, null, null);
}
