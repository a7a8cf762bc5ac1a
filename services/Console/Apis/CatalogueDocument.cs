namespace Platform.Console.Apis;

/// <summary>The catalogue at the followed revision, as the builder's <c>GET /api/catalog</c> writes it.</summary>
public sealed record CatalogueDocument(
    string Commit,
    IReadOnlyList<CatalogueImage> Images,
    IReadOnlyList<CatalogueProblem> Problems,
    IReadOnlyList<CatalogueProblem> Warnings,
    IReadOnlyList<CatalogueUpstream> Upstream);

/// <summary>One image of the catalogue: its kind, the catalogue images it starts from (and the Dockerfile's line), those that start from it.</summary>
public sealed record CatalogueImage(
    string Name,
    string Folder,
    string Kind,
    string Dockerfile,
    IReadOnlyList<string> Platforms,
    IReadOnlyList<string> Tags,
    string? Version,
    IReadOnlyList<CatalogueBase> Bases,
    IReadOnlyList<string> Upstream,
    IReadOnlyList<string> Dependents);

/// <param name="Kind"><c>From</c> or <c>CopyFrom</c>.</param>
public sealed record CatalogueBase(string Name, int Line, string Kind);

/// <summary>A problem (the image is skipped) or a warning of the catalogue, with its file and line.</summary>
public sealed record CatalogueProblem(string Image, string File, int? Line, string Message)
{
    public string Where => Line is { } line ? $"{File}:{line}" : File;
}

/// <summary>An image from outside the catalogue and the catalogue images that start from it.</summary>
public sealed record CatalogueUpstream(string Reference, IReadOnlyList<string> UsedBy);
