namespace Platform.Bench.Loop;

/// <summary>
/// One commit's loop: how long each stage took (ms, in <see cref="Stages"/> order; the stages add up to the total) and
/// the total from the start of <c>git commit</c> to the new container healthy and the old one gone.
/// </summary>
public sealed record LoopTiming(IReadOnlyList<(string Stage, double Ms)> Stages, double Total)
{
    /// <summary>
    /// When <c>git commit</c> returned (ms since the start), for Platform, whose hook runs inside the commit: the builder
    /// may see the commit before it returns, so it is not a stage of the chain but a time beside it.
    /// </summary>
    public double? CommitReturned { get; init; }

    /// <summary>Durations between consecutive marks (ms since the start); a mark that is missing leaves its stage out and the next one longer.</summary>
    public static LoopTiming FromMarks(DateTimeOffset start, IEnumerable<(string Stage, DateTimeOffset? At)> marks)
    {
        var stages = new List<(string, double)>();
        var previous = start;
        foreach (var (stage, at) in marks)
        {
            if (at is not { } mark)
            {
                continue;
            }

            stages.Add((stage, (mark - previous).TotalMilliseconds));
            previous = mark;
        }

        return new LoopTiming(stages, (previous - start).TotalMilliseconds);
    }

    public double? Of(string stage) => Stages.Where(s => s.Stage == stage).Select(s => (double?)s.Ms).FirstOrDefault();
}
