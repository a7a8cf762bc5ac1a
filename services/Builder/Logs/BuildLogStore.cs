using Microsoft.Extensions.Options;

namespace Platform.Builder.Logs;

/// <summary>Where build logs are kept: one file per build under the builder's data folder, named by image and commit.</summary>
public sealed class BuildLogStore(IOptions<BuilderOptions> options, ILogger<BuildLogWriter> logger)
{
    private string Root => System.IO.Path.Combine(options.Value.DataDirectory, "logs");

    public BuildLogWriter Open(string image, string commit) =>
        new(PathOf(image, commit), image, logger);

    public string PathOf(string image, string commit) =>
        System.IO.Path.Combine(Root, image.Replace('/', '_'), $"{commit[..Math.Min(12, commit.Length)]}.log");

    public async Task<string?> ReadAsync(string image, string commit, CancellationToken cancellationToken)
    {
        var path = PathOf(image, commit);
        return File.Exists(path) ? await File.ReadAllTextAsync(path, cancellationToken) : null;
    }
}
