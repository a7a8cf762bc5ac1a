using Microsoft.Extensions.Options;

namespace Platform.Builder.Logs;

/// <summary>
/// Where build logs are kept: one file per attempt under the builder's data folder, named by image, commit
/// and attempt, so that an interrupted attempt keeps its log beside the one that took over.
/// </summary>
public sealed class BuildLogStore(IOptions<BuilderOptions> options, ILogger<BuildLogWriter> logger)
{
    private string Root => System.IO.Path.Combine(options.Value.DataDirectory, "logs");

    public BuildLogWriter Open(string image, string commit, Guid attemptId) =>
        new(PathOf(image, commit, attemptId), image, logger);

    /// <param name="attemptId">The attempt; null for a build recorded before attempts had logs of their own.</param>
    public string PathOf(string image, string commit, Guid? attemptId) =>
        System.IO.Path.Combine(Root, image.Replace('/', '_'),
            $"{commit[..Math.Min(12, commit.Length)]}{(attemptId is { } id ? $"-{id:N}" : "")}.log");

    public async Task<string?> ReadAsync(string image, string commit, Guid? attemptId, CancellationToken cancellationToken)
    {
        var path = PathOf(image, commit, attemptId);
        return File.Exists(path) ? await File.ReadAllTextAsync(path, cancellationToken) : null;
    }
}
