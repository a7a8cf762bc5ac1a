namespace Platform.Catalog.Dockerfiles;

public enum CopyKind
{
    Copy,
    Add,
}

/// <summary>A <c>COPY</c> or an <c>ADD</c>: where its sources come from, what they are and where they go.</summary>
/// <param name="Line">Line of the instruction (its first line when continued).</param>
/// <param name="Origin">Where the sources are read: the build context, an earlier stage or an image.</param>
/// <param name="Sources">The sources after variable substitution, in order (heredocs included).</param>
/// <param name="Destination">The destination after variable substitution.</param>
/// <param name="Excludes">The <c>--exclude</c> patterns, in order.</param>
/// <param name="IsJsonForm">True when the arguments were written as a JSON array.</param>
public sealed record CopyInstruction(
    CopyKind Kind,
    int Line,
    CopyOrigin Origin,
    IReadOnlyList<CopySource> Sources,
    string Destination,
    string? Chown,
    string? Chmod,
    bool Link,
    bool Parents,
    IReadOnlyList<string> Excludes,
    bool IsJsonForm)
{
    public string Instruction => Kind == CopyKind.Copy ? "COPY" : "ADD";

    /// <summary>The sources that name paths of the build context (none when <c>--from</c> is given).</summary>
    public IEnumerable<CopySource> ContextSources =>
        Origin is CopyOrigin.Context ? Sources.Where(s => s.Kind == CopySourceKind.Path) : [];
}

public enum CopySourceKind
{
    /// <summary>A path or glob, of the context or of the <c>--from</c> stage or image.</summary>
    Path,

    /// <summary>An http or https URL that ADD downloads.</summary>
    Url,

    /// <summary>A git repository that ADD clones.</summary>
    Git,

    /// <summary>A heredoc: the file's content is written in the Dockerfile.</summary>
    Heredoc,
}

/// <param name="Text">The source after substitution (for a heredoc, its name).</param>
/// <param name="Content">The heredoc's content; null for the other kinds.</param>
public sealed record CopySource(string Text, CopySourceKind Kind, string? Content = null)
{
    public bool IsRemote => Kind is CopySourceKind.Url or CopySourceKind.Git;
}

/// <summary>Where the sources of a COPY or ADD are read.</summary>
public abstract record CopyOrigin
{
    private CopyOrigin()
    {
    }

    /// <summary>The build context (no <c>--from</c>).</summary>
    public sealed record Context : CopyOrigin;

    /// <summary><c>--from</c> names an earlier stage, by name or by index.</summary>
    public sealed record Stage(int Index) : CopyOrigin;

    /// <summary><c>--from</c> names an image, which the build depends on like a base image.</summary>
    public sealed record Image(string Reference) : CopyOrigin;
}

/// <summary>A heredoc of RUN, COPY or ADD.</summary>
/// <param name="Expand">False when the word was quoted (<c>&lt;&lt;"EOF"</c>): variables in it stay as written.</param>
/// <param name="Chomp">True for <c>&lt;&lt;-EOF</c>: leading tabs are removed from each line.</param>
public sealed record Heredoc(string Name, string Content, bool Expand, bool Chomp);
