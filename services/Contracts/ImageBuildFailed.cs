namespace Platform.Contracts;

/// <summary>An image could not be built or pushed for a commit; the other images of the commit carry on.</summary>
/// <param name="Stage">Where it failed (lowercase on the wire: <c>spec</c>, <c>base</c>, <c>build</c>, <c>verify</c>, <c>test</c>, <c>push</c> or <c>cancelled</c>).</param>
/// <param name="Platform">The platform that failed, when one did.</param>
/// <param name="BuiltBy">The builder instance that tried, when one did.</param>
/// <param name="LogTail">The last lines of the build log, for the reader of the failure.</param>
/// <param name="BuildKey">The idempotency key of the build (see <see cref="BuildImage.BuildKey"/>).</param>
/// <param name="AttemptId">The attempt that failed, when a builder instance tried.</param>
public sealed record ImageBuildFailed(
    Guid CorrelationId,
    string Image,
    string Commit,
    BuildFailureStage Stage,
    string Error,
    IReadOnlyList<string> LogTail,
    DateTimeOffset FailedAt,
    string? Platform = null,
    string? BuiltBy = null,
    string? BuildKey = null,
    Guid? AttemptId = null);
