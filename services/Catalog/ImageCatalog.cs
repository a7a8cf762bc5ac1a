using Platform.Catalog.Specs;

namespace Platform.Catalog;

/// <summary>The images of the repository at one commit, and what was wrong with the ones that could not be read.</summary>
public sealed class ImageCatalog(string commit, IReadOnlyList<CatalogImage> images, IReadOnlyList<CatalogProblem> problems)
{
    private readonly Dictionary<string, CatalogImage> byName = images.ToDictionary(i => i.Spec.Name, StringComparer.Ordinal);

    public string Commit { get; } = commit;

    public IReadOnlyList<CatalogImage> Images { get; } = images;

    public IReadOnlyList<CatalogProblem> Problems { get; } = problems;

    public CatalogImage? Find(string name) => byName.GetValueOrDefault(name);

    /// <summary>The catalogue image a <c>FROM</c> reference names, whether written bare or with a registry host.</summary>
    public CatalogImage? FindReference(string reference)
    {
        var withoutDigest = reference.Split('@')[0];
        var lastSlash = withoutDigest.LastIndexOf('/');
        var colon = withoutDigest.LastIndexOf(':');
        var repository = colon > lastSlash ? withoutDigest[..colon] : withoutDigest;
        if (byName.TryGetValue(repository, out var image))
        {
            return image;
        }

        var firstSlash = repository.IndexOf('/');
        return firstSlash > 0 && LooksLikeHost(repository[..firstSlash]) ? byName.GetValueOrDefault(repository[(firstSlash + 1)..]) : null;
    }

    private static bool LooksLikeHost(string component) =>
        component.Contains('.') || component.Contains(':') || component == "localhost";
}

/// <summary>An image of the catalogue with its Dockerfile's base images.</summary>
public sealed record CatalogImage(ImageSpec Spec, IReadOnlyList<Dockerfiles.BaseImageReference> BaseImages);
