namespace Platform.Contracts;

/// <summary>
/// A builder instance took a build command and starts an attempt at it. The coordinator keeps every attempt
/// in the build history: an attempt that started and never answered was interrupted (its instance stopped).
/// </summary>
/// <param name="BuildKey">The idempotency key of the build (see <see cref="BuildImage.BuildKey"/>).</param>
/// <param name="AttemptId">This attempt; its log is kept under this id.</param>
/// <param name="Instance">The builder instance that runs the attempt.</param>
/// <param name="Redelivered">True when the broker had handed the command to an instance before (which stopped before it finished).</param>
public sealed record ImageBuildStarted(
    Guid CorrelationId,
    string Image,
    string Commit,
    string BuildKey,
    Guid AttemptId,
    string Instance,
    DateTimeOffset StartedAt,
    bool Redelivered);
