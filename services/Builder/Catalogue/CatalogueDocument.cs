using Platform.Catalog;

namespace Platform.Builder.Catalogue;

/// <summary>The catalogue at the followed revision as <c>GET /api/catalog</c> answers it: what the console draws and lists.</summary>
public sealed record CatalogueDocument(
    string Commit,
    IReadOnlyList<CatalogueImageDocument> Images,
    IReadOnlyList<CatalogProblem> Problems,
    IReadOnlyList<CatalogProblem> Warnings,
    IReadOnlyList<UpstreamImage> Upstream)
{
    public static CatalogueDocument Of(ImageCatalog catalog) => new(
        catalog.Commit,
        [.. catalog.Images.OrderBy(i => i.Spec.Name, StringComparer.Ordinal).Select(image => new CatalogueImageDocument(
            image.Spec.Name,
            image.Spec.Folder,
            image.Spec.Kind.ToString(),
            image.Spec.DockerfilePath,
            image.Spec.Platforms,
            image.Spec.Tags,
            image.Version,
            [.. catalog.CatalogueBases(image.Spec.Name).Select(b => new CatalogueBaseDocument(b.Name, b.Reference.Line, b.Reference.Kind.ToString()))],
            [.. image.BaseImages.Where(b => catalog.FindReference(b.Reference) is null).Select(b => b.Reference).Distinct(StringComparer.Ordinal)],
            catalog.Dependents(image.Spec.Name)))],
        catalog.Problems,
        catalog.Warnings,
        catalog.UpstreamImages);
}

/// <param name="Bases">The catalogue images it starts from or copies from, with the Dockerfile's line.</param>
/// <param name="Upstream">The images from outside the catalogue it starts from or copies from.</param>
/// <param name="Dependents">The catalogue images that start from or copy from it.</param>
public sealed record CatalogueImageDocument(
    string Name,
    string Folder,
    string Kind,
    string Dockerfile,
    IReadOnlyList<string> Platforms,
    IReadOnlyList<string> Tags,
    string? Version,
    IReadOnlyList<CatalogueBaseDocument> Bases,
    IReadOnlyList<string> Upstream,
    IReadOnlyList<string> Dependents);

/// <param name="Kind"><c>From</c> or <c>CopyFrom</c>.</param>
public sealed record CatalogueBaseDocument(string Name, int Line, string Kind);
