namespace Platform.Catalog.Git;

/// <summary>A file of a commit's tree: its path from the repository root, mode and blob id.</summary>
public sealed record TreeEntry(string Path, string Mode, string ObjectId);

/// <summary>A file that differs between two commits; <paramref name="ObjectId"/> is null when it was deleted.</summary>
public sealed record TreeChange(string Path, string? Mode, string? ObjectId)
{
    public bool Deleted => ObjectId is null;
}
