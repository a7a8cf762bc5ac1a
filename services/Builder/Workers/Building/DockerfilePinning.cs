using System.Text.RegularExpressions;
using Platform.Catalog.Dockerfiles;
using Platform.Contracts;

namespace Platform.Builder.Workers.Building;

/// <summary>
/// Rewrites the <c>FROM</c> and <c>COPY --from</c> lines that name catalogue images so that they name
/// the exact digest just pushed (<c>registry/name@sha256:...</c>): a dependent is built from its base as
/// it is now, never from a tag that another build may move, and without touching the engine's tags.
/// </summary>
public static partial class DockerfilePinning
{
    public static string Pin(string dockerfile, IEnumerable<(BaseImageReference Reference, string Pinned)> pins)
    {
        var newline = dockerfile.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var lines = dockerfile.Split(newline);
        foreach (var (reference, pinned) in pins)
        {
            var index = reference.Line - 1;
            var line = index >= 0 && index < lines.Length ? lines[index] : "";
            var regex = reference.Kind == ImageDependencyKind.From ? FromImage() : CopyFromImage();
            var match = regex.Match(line);
            if (!match.Success)
            {
                throw new BuildFailure(BuildFailureStage.Base,
                    $"line {reference.Line} of the Dockerfile does not name {reference.Reference} where Platform can pin it to {pinned}", []);
            }

            var image = match.Groups["image"];
            lines[index] = line[..image.Index] + pinned + line[(image.Index + image.Length)..];
        }

        return string.Join(newline, lines);
    }

    /// <summary>FROM [--flag=value ...] image</summary>
    [GeneratedRegex(@"^\s*FROM\s+(?:--\S+\s+)*(?<image>\S+)", RegexOptions.IgnoreCase)]
    private static partial Regex FromImage();

    /// <summary>COPY|ADD ... --from=image</summary>
    [GeneratedRegex(@"^\s*(?:COPY|ADD)\s.*?--from=(?<image>[^\s""']+)", RegexOptions.IgnoreCase)]
    private static partial Regex CopyFromImage();
}
