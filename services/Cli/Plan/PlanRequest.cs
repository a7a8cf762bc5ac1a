namespace Platform.Cli.Plan;

/// <summary>The options of one <c>platform plan</c>, as typed (revisions are not resolved yet).</summary>
public sealed record PlanRequest(
    string Repository, string ImagesRoot, string? From, string To, IReadOnlyDictionary<string, string> BuildArgs, bool Json);
