using System.Collections.Concurrent;
using Platform.Catalog.Context;
using Platform.Catalog.Dockerfiles;
using Platform.Catalog.Specs;

namespace Platform.Catalog.Index;

/// <summary>
/// Reads one image folder of a tree: its spec, its Dockerfile, its build context and .dockerignore,
/// and from them the files the build really reads. Every problem names the file and line, and an
/// image with a problem is left out so that the rest of the catalogue is still planned.
/// </summary>
public sealed class ImageAnalyzer(RepositoryTree tree, BlobCache blobs, IReadOnlyDictionary<string, string> environmentArgs)
{
    private readonly ConcurrentDictionary<(string Folder, string? IgnoreBlob, string Dockerfile), BuildContext> contexts = new();

    /// <summary>The blobs <see cref="Analyze"/> needs once the spec is known: Dockerfile and .dockerignore.</summary>
    public IEnumerable<string?> FilesNeeded(ImageSpec spec) =>
        [tree.ObjectOf(spec.DockerfilePath), tree.ObjectOf(RepositoryPath.Combine(spec.Context, DockerIgnore.FileName)), tree.ObjectOf(VersionFile(spec))];

    /// <summary>A <c>VERSION</c> file in the image folder names one more tag to push.</summary>
    public static string VersionFile(ImageSpec spec) => RepositoryPath.Combine(spec.Folder, "VERSION");

    public (ImageSpec? Spec, IReadOnlyList<CatalogProblem> Problems) ReadSpec(string folder) =>
        ImageSpecReader.Read(folder, blobs.Get(tree.ObjectOf(RepositoryPath.Combine(folder, ImageSpecReader.FileName))));

    public (CatalogImage? Image, IReadOnlyList<CatalogProblem> Problems) Analyze(ImageSpec spec)
    {
        var dockerfileText = blobs.Get(tree.ObjectOf(spec.DockerfilePath));
        if (dockerfileText is null)
        {
            return (null, [new CatalogProblem(spec.Folder, spec.DockerfilePath, null,
                $"the image folder {spec.Folder}/ has no {spec.Dockerfile}, so it cannot be built")]);
        }

        var buildArgs = BuildArgs(spec);
        var dockerfile = DockerfileReader.Read(dockerfileText, buildArgs, spec.DockerfilePath, spec.Folder);
        if (dockerfile.Problems.Count > 0)
        {
            return (null, dockerfile.Problems);
        }

        var bases = BaseImageReader.Read(dockerfile);
        // A reference that still names a variable (${TARGETARCH}) is only known when the engine builds each platform.
        var invalid = bases
            .Where(b => !b.Reference.Contains('$'))
            .Select(b => (b, Problem: ImageReference.Problem(b.Reference)))
            .Where(r => r.Problem is not null)
            .Select(r => new CatalogProblem(spec.Folder, spec.DockerfilePath, r.b.Line,
                $"{(r.b.Kind == ImageDependencyKind.From ? "FROM" : "COPY --from")} {r.b.Reference}: {r.Problem}"))
            .ToList();
        if (invalid.Count > 0)
        {
            return (null, invalid);
        }

        var ignorePath = RepositoryPath.Combine(spec.Context, DockerIgnore.FileName);
        var ignore = DockerIgnore.Parse(blobs.Get(tree.ObjectOf(ignorePath)), ignorePath, spec.Folder);
        if (ignore.Problems.Count > 0)
        {
            return (null, ignore.Problems);
        }

        var context = ContextOf(spec, ignorePath, ignore);
        var inputs = BuildInputs.Compute(context, tree.Contains(ignorePath), dockerfile, spec.DockerfileInContext, spec.Folder);
        if (inputs.Problems.Count > 0)
        {
            return (null, inputs.Problems);
        }

        var (version, versionWarnings, versionProblems) = ReadVersion(spec);
        if (versionProblems.Count > 0)
        {
            return (null, versionProblems);
        }

        var files = inputs.Files
            .Select(file => RepositoryPath.Combine(spec.Context, file))
            .Append(spec.SpecFile)
            .Append(VersionFile(spec))
            .Where(tree.Contains)
            .Distinct(StringComparer.Ordinal)
            .ToDictionary(path => path, path => tree.VersionOf(path)!, StringComparer.Ordinal);
        // Only the arguments an ARG declares reach the build (ROOT_IMAGE_VERSION does not declare ROOT_IMAGE).
        var settings = buildArgs
            .Where(a => dockerfile.ArgNames.Contains(a.Key))
            .ToDictionary(a => $"build-arg {a.Key}", a => a.Value, StringComparer.Ordinal);
        settings["context"] = spec.Context;
        settings["dockerfile"] = spec.DockerfilePath;
        settings["platforms"] = string.Join(',', spec.Platforms);
        settings["tags"] = string.Join(',', spec.Tags);
        settings["tests"] = string.Join(';', spec.Tests.Select(t => $"{t.Name}={string.Join(' ', t.Command)}@{t.Timeout}"));

        var imageInputs = new ImageInputs(files, settings);
        // The digest is computed when first asked for: here, while the images of a first load are analysed across the cores.
        _ = imageInputs.Digest;
        var image = new CatalogImage(spec, bases) { Inputs = imageInputs, Version = version, Warnings = versionWarnings };
        return (image, []);
    }

    /// <summary>
    /// The tag a <c>VERSION</c> file names (trimmed, without a byte order mark). An empty one names none and is
    /// only a warning, so that the image is still built; one that is not a valid tag is a problem.
    /// </summary>
    private (string? Version, IReadOnlyList<CatalogProblem> Warnings, IReadOnlyList<CatalogProblem> Problems) ReadVersion(ImageSpec spec)
    {
        var file = VersionFile(spec);
        if (blobs.Get(tree.ObjectOf(file)) is not { } text)
        {
            return (null, [], []);
        }

        var version = text.Trim().Trim('\uFEFF').Trim();
        if (version.Length == 0)
        {
            return (null, [new CatalogProblem(spec.Folder, file, 1, "the VERSION file is empty, so it adds no tag (write a tag in it, or delete it)")], []);
        }

        if (!ImageSpecReader.Tag().IsMatch(version))
        {
            var shown = version.Length > 80 ? version[..80] + "..." : version;
            var line = version.Contains('\n') ? " (it must be one line)" : "";
            return (null, [], [new CatalogProblem(spec.Folder, file, 1,
                $"'{shown}' is not a valid tag{line} (letters, digits, '_', '.', '-'; at most 128; not starting with '.' or '-')")]);
        }

        return (version, [], []);
    }

    /// <summary>
    /// The build context of an image. Images that share a context folder without a <c>.dockerignore</c> share one (the
    /// Dockerfile only matters when a pattern excludes it), so a large shared folder is walked once per analysis.
    /// </summary>
    private BuildContext ContextOf(ImageSpec spec, string ignorePath, DockerIgnore ignore)
    {
        var key = (spec.Context, tree.ObjectOf(ignorePath), ignore.Patterns.Count == 0 ? "" : spec.DockerfileInContext);
        return contexts.GetOrAdd(key, _ => BuildContext.Create(
            tree.FilesUnder(spec.Context).Select(path => RepositoryPath.Relative(spec.Context, path)), ignore, spec.DockerfileInContext));
    }

    /// <summary>Environment-wide build arguments overlaid with the image's own.</summary>
    public IReadOnlyDictionary<string, string> BuildArgs(ImageSpec spec) => BuildArguments.For(spec, environmentArgs);
}
