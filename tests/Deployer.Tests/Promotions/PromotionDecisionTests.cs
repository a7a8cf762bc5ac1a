using Platform.Deployer.Ledger;
using Platform.Deployer.Promotions;
using Platform.Deployer.Specs;

namespace Platform.Deployer.Tests.Promotions;

/// <summary>Which digest a promoted deployment should run, decided from the two ledgers with no I/O.</summary>
public sealed class PromotionDecisionTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);
    private static readonly Promotion Auto = new("beta", TimeSpan.FromHours(24), ApprovalMode.Auto, 0, 3);

    [Fact]
    public void The_newest_qualified_digest_is_promoted_and_a_newer_one_still_soaking_is_named_as_waiting()
    {
        var source = new[]
        {
            Beta(2, "sha256:b", T0.AddHours(30)),
            Beta(1, "sha256:a", T0) with { EndedAt = T0.AddHours(30), EndReason = StintEnd.Replaced, EndDetail = "replaced by sha256:b" },
        };

        var status = PromotionDecision.Decide("prod", "status-api", Auto, source, [], T0.AddHours(31));

        Assert.Equal("sha256:a", status.Promote?.Digest);
        Assert.False(status.AwaitsApproval);
        Assert.Equal(("sha256:b", Verdict.Soaking, T0.AddHours(54)), (status.Waiting?.Source.Digest, status.Waiting?.Qualification.Verdict, status.Waiting?.Qualification.QualifiesAt));
    }

    [Fact]
    public void A_digest_that_failed_in_beta_is_never_promoted_and_the_one_that_runs_stays()
    {
        var source = new[]
        {
            Beta(2, "sha256:bad", T0.AddHours(1)) with { EndedAt = T0.AddHours(1), EndReason = StintEnd.FailedRollout, EndDetail = "exited with code 3" },
            Beta(1, "sha256:good", T0),
        };
        var target = new[] { Prod(7, "sha256:good", T0.AddHours(24), sourceStint: 1) };

        var status = PromotionDecision.Decide("prod", "status-api", Auto, source, target, T0.AddDays(5));

        Assert.Null(status.Promote);
        Assert.Equal(("sha256:bad", Verdict.Disqualified), (status.Waiting?.Source.Digest, status.Waiting?.Qualification.Verdict));
        Assert.StartsWith("sha256:good runs since 2026-11-24 08:00:00 UTC; sha256:bad waits: its rollout failed in beta", status.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void With_approval_required_a_qualified_digest_awaits_the_command()
    {
        var status = PromotionDecision.Decide("prod", "status-api", Auto with { Approval = ApprovalMode.Required }, [Beta(1, "sha256:a", T0)], [], T0.AddDays(2));

        Assert.True(status.AwaitsApproval);
        Assert.Equal("sha256:a", status.Promote?.Digest);
        Assert.Contains("awaits approval: platform promote status-api --to prod", status.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_digest_rolled_back_here_is_not_promoted_again_until_a_newer_one_qualifies()
    {
        var source = new[] { Beta(2, "sha256:x", T0) };
        var target = new[]
        {
            Prod(9, "sha256:old", T0.AddDays(2)),
            Prod(8, "sha256:x", T0.AddDays(1), sourceStint: 2) with { EndedAt = T0.AddDays(2), EndReason = StintEnd.RolledBack, EndDetail = "rolled back on command" },
            Prod(7, "sha256:old", T0) with { EndedAt = T0.AddDays(1), EndReason = StintEnd.Replaced },
        };

        var blocked = PromotionDecision.Decide("prod", "status-api", Auto, source, target, T0.AddDays(3));
        var newer = PromotionDecision.Decide("prod", "status-api", Auto, [Beta(3, "sha256:y", T0.AddDays(2)), .. source], target, T0.AddDays(3));

        Assert.Null(blocked.Promote);
        Assert.StartsWith("it was rolled back in prod at 2026-11-25 08:00:00 UTC: it is not promoted here again", blocked.Waiting?.BlockedBecause, StringComparison.Ordinal);
        Assert.Equal("sha256:y", newer.Promote?.Digest);
    }

    [Fact]
    public void Nothing_newer_than_what_runs_is_nothing_to_do()
    {
        var status = PromotionDecision.Decide("prod", "status-api", Auto, [Beta(4, "sha256:a", T0)], [Prod(1, "sha256:a", T0.AddDays(1), sourceStint: 4)], T0.AddDays(3));

        Assert.Equal((null, null), (status.Promote, status.Waiting));
        Assert.Equal("sha256:a runs since 2026-11-24 08:00:00 UTC; nothing newer has run in beta", status.Summary);
    }

    [Fact]
    public void The_previous_good_digest_is_the_last_one_replaced_in_the_ordinary_way()
    {
        var target = new[]
        {
            Prod(3, "sha256:c", T0.AddDays(3)),
            Prod(2, "sha256:b", T0.AddDays(2)) with { EndedAt = T0.AddDays(2), EndReason = StintEnd.FailedRollout },
            Prod(1, "sha256:a", T0) with { EndedAt = T0.AddDays(3), EndReason = StintEnd.Replaced },
        };

        Assert.Equal("sha256:a", PromotionDecision.PreviousGood(target)?.Digest);
    }

    private static Stint Beta(long id, string digest, DateTimeOffset at) => QualificationTests.Stint(id, digest, at: at);

    private static Stint Prod(long id, string digest, DateTimeOffset at, long? sourceStint = null) =>
        QualificationTests.Stint(id, digest, environment: "prod", at: at) with { PromotedFrom = sourceStint is null ? null : "beta", SourceStint = sourceStint, Tag = null };
}
