using Platform.Catalog.Dockerfiles;
using Platform.Catalog.Specs;

namespace Platform.Catalog;

/// <summary>
/// The images of the repository at one commit, how they depend on each other, the upstream images they
/// start from, and what was wrong with the ones that could not be read.
/// </summary>
public sealed class ImageCatalog
{
    private readonly Dictionary<string, CatalogImage> byName;
    private readonly Dictionary<string, IReadOnlyList<CatalogueBase>> bases = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> dependents = new(StringComparer.Ordinal);

    /// <param name="warnings">Warnings of the catalogue as a whole (no images root), before those of its images.</param>
    public ImageCatalog(string commit, IReadOnlyList<CatalogImage> images, IReadOnlyList<CatalogProblem> problems, IReadOnlyList<CatalogProblem>? warnings = null)
    {
        Commit = commit;
        Images = images;
        Problems = problems;
        Warnings = [.. warnings ?? [], .. images.SelectMany(i => i.Warnings).OrderBy(w => w.File, StringComparer.Ordinal).ThenBy(w => w.Line)];
        byName = images.ToDictionary(i => i.Spec.Name, StringComparer.Ordinal);
        var upstream = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var image in images)
        {
            var found = new List<CatalogueBase>();
            foreach (var reference in image.BaseImages)
            {
                if (FindReference(reference.Reference) is { } other)
                {
                    if (other.Spec.Name != image.Spec.Name && found.All(b => b.Name != other.Spec.Name))
                    {
                        found.Add(new CatalogueBase(other.Spec.Name, reference));
                        Add(dependents, other.Spec.Name, image.Spec.Name);
                    }
                }
                else
                {
                    Add(upstream, reference.Reference, image.Spec.Name);
                }
            }

            bases[image.Spec.Name] = found;
        }

        UpstreamImages = [.. upstream.OrderBy(u => u.Key, StringComparer.Ordinal).Select(u => new UpstreamImage(u.Key, u.Value))];
    }

    /// <summary>The same images and graph as <paramref name="images"/>, with other problems and warnings (the graph is not worked out again).</summary>
    private ImageCatalog(ImageCatalog images, IReadOnlyList<CatalogProblem> problems, IReadOnlyList<CatalogProblem>? warnings)
    {
        Commit = images.Commit;
        Images = images.Images;
        Problems = problems;
        Warnings = [.. warnings ?? [], .. images.Warnings];
        byName = images.byName;
        bases = images.bases;
        dependents = images.dependents;
        UpstreamImages = images.UpstreamImages;
    }

    /// <summary>This catalogue with <paramref name="problems"/> and the catalogue-wide <paramref name="warnings"/> before its images' own.</summary>
    internal ImageCatalog WithProblems(IReadOnlyList<CatalogProblem> problems, IReadOnlyList<CatalogProblem>? warnings) => new(this, problems, warnings);

    public string Commit { get; }

    public IReadOnlyList<CatalogImage> Images { get; }

    public IReadOnlyList<CatalogProblem> Problems { get; }

    /// <summary>What is odd but does not stop an image from being built (an empty <c>VERSION</c>): the image stays in the catalogue.</summary>
    public IReadOnlyList<CatalogProblem> Warnings { get; }

    /// <summary>Images from outside the catalogue that catalogue images start from or copy from, for the registry watcher to follow.</summary>
    public IReadOnlyList<UpstreamImage> UpstreamImages { get; }

    public CatalogImage? Find(string name) => byName.GetValueOrDefault(name);

    /// <summary>The catalogue images <paramref name="name"/> starts from or copies from.</summary>
    public IReadOnlyList<CatalogueBase> CatalogueBases(string name) => bases.GetValueOrDefault(name) ?? [];

    /// <summary>The catalogue images that start from or copy from <paramref name="name"/>.</summary>
    public IReadOnlyList<string> Dependents(string name) => dependents.GetValueOrDefault(name) ?? [];

    /// <summary>The catalogue image a <c>FROM</c> reference names, whether written bare or with a registry host.</summary>
    public CatalogImage? FindReference(string reference) =>
        CandidateNames(reference).Select(name => byName.GetValueOrDefault(name)).FirstOrDefault(image => image is not null);

    /// <summary>The catalogue names a reference may mean: its repository, and the same without a registry host.</summary>
    public static IEnumerable<string> CandidateNames(string reference)
    {
        var repository = RepositoryOf(reference);
        yield return repository;
        var firstSlash = repository.IndexOf('/');
        if (firstSlash > 0 && LooksLikeHost(repository[..firstSlash]))
        {
            yield return repository[(firstSlash + 1)..];
        }
    }

    /// <summary>The reference without its tag and digest.</summary>
    public static string RepositoryOf(string reference)
    {
        var at = reference.IndexOf('@');
        var withoutDigest = at < 0 ? reference : reference[..at];
        var colon = withoutDigest.LastIndexOf(':');
        return colon > withoutDigest.LastIndexOf('/') ? withoutDigest[..colon] : withoutDigest;
    }

    private static bool LooksLikeHost(string component) =>
        component.Contains('.') || component.Contains(':') || component == "localhost";

    private static void Add(Dictionary<string, List<string>> map, string key, string value)
    {
        if (!map.TryGetValue(key, out var list))
        {
            map[key] = list = [];
        }

        if (!list.Contains(value))
        {
            list.Add(value);
        }
    }
}

/// <summary>An image of the catalogue with the images its Dockerfile needs and the inputs it is built from.</summary>
public sealed record CatalogImage(ImageSpec Spec, IReadOnlyList<BaseImageReference> BaseImages)
{
    public Index.ImageInputs Inputs { get; init; } = Index.ImageInputs.None;

    /// <summary>The content of the image folder's <c>VERSION</c> file, pushed as one more tag; null without one (or an empty one).</summary>
    public string? Version { get; init; }

    /// <summary>What is odd about this image but does not stop it from being built.</summary>
    public IReadOnlyList<CatalogProblem> Warnings { get; init; } = [];
}

/// <summary>A <c>FROM</c> (or <c>COPY --from</c>) that names an image of the catalogue.</summary>
/// <param name="Name">The catalogue name of the base image.</param>
/// <param name="Reference">The reference as the Dockerfile writes it, and its line.</param>
public sealed record CatalogueBase(string Name, BaseImageReference Reference);

/// <summary>An image from outside the catalogue, such as <c>python:3.12-slim</c>, and the catalogue images that use it.</summary>
public sealed record UpstreamImage(string Reference, IReadOnlyList<string> UsedBy);
