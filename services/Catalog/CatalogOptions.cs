using System.ComponentModel.DataAnnotations;

namespace Platform.Catalog;

/// <summary>Where the repository of images is, shared by every service (section <c>Catalog</c>).</summary>
public sealed class CatalogOptions
{
    public const string Section = "Catalog";

    /// <summary>Path of the git repository that holds the images (its work tree or a bare clone).</summary>
    [Required]
    public string Repository { get; set; } = ".";

    /// <summary>Folder of the repository under which each folder with a Dockerfile or spec is one image; "" or "." is the repository root.</summary>
    [Required(AllowEmptyStrings = true)]
    [RegularExpression(@"^[^/\\].*$", ErrorMessage = "Catalog:ImagesRoot must be a path relative to the repository root.")]
    public string ImagesRoot { get; set; } = "images";

    /// <summary>The revision to follow: a branch, a tag or HEAD.</summary>
    [Required]
    public string Ref { get; set; } = "HEAD";

    /// <summary>Build arguments for every image of this environment; an image's own <c>buildArgs</c> win.</summary>
    public Dictionary<string, string> BuildArgs { get; set; } = new(StringComparer.Ordinal);
}
