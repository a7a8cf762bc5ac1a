namespace Platform.Contracts;

/// <summary>
/// A digest qualified in <paramref name="SourceEnvironment"/> for a deployment of <paramref name="Environment"/> that says
/// <c>approval: required</c>: it waits for <c>platform promote</c>. Announced once per digest and source run.
/// </summary>
public sealed record PromotionAwaitingApproval(
    Guid CorrelationId,
    string Environment,
    string Deployment,
    string Digest,
    string? Commit,
    string SourceEnvironment,
    long SourceStint,
    DateTimeOffset QualifiedAt);
