namespace Platform.Catalog;

/// <summary>Something wrong in the repository of images, with the file and line where it is.</summary>
/// <param name="Image">Folder of the image the problem belongs to, so that only that image is skipped.</param>
public sealed record CatalogProblem(string Image, string File, int? Line, string Message)
{
    public override string ToString() => Line is { } line ? $"{File}:{line}: {Message}" : $"{File}: {Message}";
}
