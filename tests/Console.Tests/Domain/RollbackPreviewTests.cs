using Platform.Console.Apis;
using Platform.Console.Views;

namespace Platform.Console.Tests.Domain;

/// <summary>The rollback's confirmation: what runs and what the deployer's rule puts back, from its ledger.</summary>
public sealed class RollbackPreviewTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_digest_put_back_is_the_newest_one_replaced_in_the_ordinary_way_and_never_one_rolled_back_or_failed_here()
    {
        var ledger = new[]
        {
            Stint(6, "sha256:d", null),
            Stint(5, "sha256:x", "FailedRollout"),
            Stint(4, "sha256:c", "RolledBack"),
            Stint(3, "sha256:c", "Replaced"),
            Stint(2, "sha256:b", "Replaced"),
            Stint(1, "sha256:a", "Replaced"),
        };

        var preview = RollbackPreview.Of(ledger)!;

        Assert.Equal(("sha256:d", "sha256:b"), (preview.Running.Digest, preview.Back?.Digest));
    }

    [Fact]
    public void Without_a_running_digest_there_is_nothing_to_roll_back_and_with_one_digest_only_nowhere_to_go()
    {
        Assert.Null(RollbackPreview.Of([Stint(1, "sha256:a", "Replaced")]));
        Assert.Null(RollbackPreview.Of([Stint(1, "sha256:a", null)])!.Back);
    }

    private static StintDocument Stint(long id, string digest, string? end) =>
        new(id, "web", digest, null, Noon.AddHours(id), end is null ? null : Noon.AddHours(id + 1), end, null);
}
