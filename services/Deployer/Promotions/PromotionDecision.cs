using Platform.Deployer.Ledger;
using Platform.Deployer.Specs;

namespace Platform.Deployer.Promotions;

/// <summary>
/// Decides, with no I/O, what a promoted deployment should run: the newest digest of the source environment that
/// qualified, is newer than what runs here, and never failed or was rolled back here. Source stints are looked at
/// newest first, down to the one the running digest was promoted from.
/// </summary>
public static class PromotionDecision
{
    /// <param name="source">The source environment's stints of the deployment, newest first.</param>
    /// <param name="target">This environment's stints of the deployment, newest first.</param>
    public static PromotionStatus Decide(string environment, string deployment, Promotion promotion, IReadOnlyList<Stint> source, IReadOnlyList<Stint> target, DateTimeOffset now)
    {
        var running = target.FirstOrDefault(s => s.IsRunning);
        var blocked = Blocked(target);
        Candidate? waiting = null;
        Stint? promote = null;
        foreach (var stint in source.OrderByDescending(s => s.Id))
        {
            if (stint.Digest == running?.Digest || (running?.PromotedFrom == promotion.From && running.SourceStint is { } from && stint.Id <= from))
            {
                break;
            }

            var verdict = Qualifications.Judge(stint, promotion, now);
            var because = blocked.FirstOrDefault(b => b.Digest == stint.Digest) is { } block
                ? $"it {block.Reason} in {environment} at {Qualifications.At(block.At)}: it is not promoted here again; a newer digest must qualify in {promotion.From}"
                : null;
            waiting ??= new Candidate(stint, verdict, because);
            if (verdict.Verdict == Verdict.Qualified && because is null)
            {
                promote = stint;
                break;
            }
        }

        var awaits = promote is not null && promotion.Approval == ApprovalMode.Required;
        return new PromotionStatus(running, waiting, promote, awaits, blocked, Summarize(environment, deployment, promotion, running, waiting, promote, awaits, source.Count));
    }

    /// <summary>The digests that failed or were rolled back here, newest first.</summary>
    public static IReadOnlyList<BlockedDigest> Blocked(IReadOnlyList<Stint> target) =>
        [.. target.Where(s => s.EndReason is StintEnd.FailedRollout or StintEnd.RolledBack)
            .Select(s => new BlockedDigest(s.Digest, s.EndedAt ?? s.StartedAt, s.EndReason == StintEnd.RolledBack ? "was rolled back" : "failed its rollout"))];

    /// <summary>The last digest that served here and was replaced in the ordinary way: where a rollback goes by default.</summary>
    public static Stint? PreviousGood(IReadOnlyList<Stint> target)
    {
        var running = target.FirstOrDefault(s => s.IsRunning);
        var blocked = Blocked(target).Select(b => b.Digest).ToHashSet(StringComparer.Ordinal);
        return target.FirstOrDefault(s => s.EndReason == StintEnd.Replaced && s.Digest != running?.Digest && !blocked.Contains(s.Digest));
    }

    private static string Summarize(
        string environment, string deployment, Promotion promotion, Stint? running, Candidate? waiting, Stint? promote, bool awaits, int sourceStints)
    {
        var runs = running is null ? "nothing runs yet" : $"{Short(running.Digest)} runs since {Qualifications.At(running.StartedAt)}";
        if (promote is not null)
        {
            var now = awaits
                ? $"{Short(promote.Digest)} qualified in {promotion.From} and awaits approval: platform promote {deployment} --to {environment}"
                : $"{Short(promote.Digest)} qualified in {promotion.From}: promoting it";
            var newer = waiting is not null && waiting.Source.Id != promote.Id ? $"; newer {Short(waiting.Source.Digest)}: {Why(waiting)}" : "";
            return $"{runs}; {now}{newer}";
        }

        if (waiting is null)
        {
            return sourceStints == 0
                ? $"{runs}; nothing has run in {promotion.From} yet"
                : $"{runs}; nothing newer has run in {promotion.From}";
        }

        return $"{runs}; {Short(waiting.Source.Digest)} waits: {Why(waiting)}";
    }

    private static string Why(Candidate candidate) =>
        candidate.BlockedBecause ?? candidate.Qualification.Reason +
            (candidate.Qualification is { Verdict: Verdict.Soaking, QualifiesAt: { } at } ? $"; it qualifies at {Qualifications.At(at)}" : "");

    public static string Short(string digest) => digest.Length > 19 ? digest[..19] : digest;
}
