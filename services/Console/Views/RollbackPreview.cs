using Platform.Console.Apis;

namespace Platform.Console.Views;

/// <summary>
/// What a rollback will put back, read from the deployer's ledger by the deployer's own rule (<c>platform rollback</c>): the
/// newest digest that served and was replaced in the ordinary way, other than the one running, and never rolled back or
/// failed here. The deployer decides again when it takes the command; this is what the confirmation shows.
/// </summary>
public sealed record RollbackPreview(StintDocument Running, StintDocument? Back)
{
    public static RollbackPreview? Of(IReadOnlyList<StintDocument> newestFirst)
    {
        if (newestFirst.FirstOrDefault(s => s.IsRunning) is not { } running)
        {
            return null;
        }

        var blocked = newestFirst.Where(s => s.EndReason is "RolledBack" or "FailedRollout").Select(s => s.Digest).ToHashSet(StringComparer.Ordinal);
        return new RollbackPreview(running,
            newestFirst.FirstOrDefault(s => s.EndReason == "Replaced" && s.Digest != running.Digest && !blocked.Contains(s.Digest)));
    }
}
