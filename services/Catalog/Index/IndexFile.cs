namespace Platform.Catalog.Index;

/// <summary>What a saved catalogue index is written with, and what a reader accepts.</summary>
internal static class IndexFile
{
    public const string Magic = "platform catalogue index";

    /// <summary>The layout of the file; a reader ignores any other.</summary>
    public const int FormatVersion = 1;

    /// <summary>
    /// The build of the catalogue code (its assembly's module version id, the same for the same source with deterministic
    /// builds): an index analysed by other code (another Dockerfile reader, another spec reader) is read again, never trusted.
    /// </summary>
    public static string CodeIdentity { get; } = typeof(IndexFile).Assembly.ManifestModule.ModuleVersionId.ToString("N");
}
