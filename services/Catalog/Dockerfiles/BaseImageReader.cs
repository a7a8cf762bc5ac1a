namespace Platform.Catalog.Dockerfiles;

/// <summary>How a Dockerfile depends on an image.</summary>
public enum ImageDependencyKind
{
    /// <summary>A stage starts <c>FROM</c> the image.</summary>
    From,

    /// <summary><c>COPY --from=</c> reads files of the image.</summary>
    CopyFrom,
}

/// <summary>An image a Dockerfile needs: a <c>FROM</c> that names an image (not an earlier stage, not <c>scratch</c>) or a <c>COPY --from=</c> image.</summary>
public sealed record BaseImageReference(string Reference, int Line, ImageDependencyKind Kind = ImageDependencyKind.From);

/// <summary>Finds the images a Dockerfile depends on, with global <c>ARG</c>s substituted, in line order.</summary>
public static class BaseImageReader
{
    public static IReadOnlyList<BaseImageReference> Read(string dockerfile, IReadOnlyDictionary<string, string> buildArgs) =>
        Read(DockerfileReader.Read(dockerfile, buildArgs));

    public static IReadOnlyList<BaseImageReference> Read(Dockerfile dockerfile)
    {
        var result = new List<BaseImageReference>();
        foreach (var stage in dockerfile.Stages)
        {
            if (stage.Base is StageBase.Image image)
            {
                result.Add(new BaseImageReference(image.Reference, stage.Line));
            }

            result.AddRange(stage.Copies
                .Where(c => c.Origin is CopyOrigin.Image)
                .Select(c => new BaseImageReference(((CopyOrigin.Image)c.Origin).Reference, c.Line, ImageDependencyKind.CopyFrom)));
        }

        return result;
    }
}
