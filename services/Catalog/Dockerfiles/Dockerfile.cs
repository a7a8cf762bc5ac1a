namespace Platform.Catalog.Dockerfiles;

/// <summary>
/// What a Dockerfile says about its build inputs and dependencies: parser directives, the global
/// build arguments, and the stages with the files each one copies. Read by <see cref="DockerfileReader"/>.
/// </summary>
/// <param name="File">Path of the Dockerfile as problems name it.</param>
/// <param name="Syntax">The <c># syntax=</c> directive (a frontend image), or null.</param>
/// <param name="Escape">The escape character: <c>\</c>, or <c>`</c> with <c># escape=`</c>.</param>
/// <param name="GlobalArgs">The <c>ARG</c>s before the first <c>FROM</c>, in order.</param>
/// <param name="Problems">Why the file cannot be built as written; empty when it can.</param>
public sealed record Dockerfile(
    string File,
    string? Syntax,
    char Escape,
    IReadOnlyList<GlobalArg> GlobalArgs,
    IReadOnlyList<BuildStage> Stages,
    IReadOnlyList<CatalogProblem> Problems)
{
    /// <summary>Every COPY and ADD of every stage, in file order.</summary>
    public IEnumerable<CopyInstruction> Copies => Stages.SelectMany(s => s.Copies);

    /// <summary>The names every <c>ARG</c> declares, before the first <c>FROM</c> or in a stage, once each in file order: the only build arguments the build uses.</summary>
    public IReadOnlyList<string> ArgNames { get; init; } = [];
}

/// <summary>An <c>ARG</c> before the first <c>FROM</c>.</summary>
/// <param name="Default">The value written in the Dockerfile (already substituted), or null when none is.</param>
/// <param name="Value">The value in effect: the supplied build argument, else the default; null when unset.</param>
public sealed record GlobalArg(string Name, string? Default, string? Value, int Line);

/// <summary>One <c>FROM</c> and what follows it up to the next.</summary>
/// <param name="Index">Position among the stages, from 0, as <c>COPY --from=1</c> names it.</param>
/// <param name="Name">The name after <c>AS</c>, lowercased as Docker compares it; null when unnamed.</param>
/// <param name="BaseText">The base as written, before substitution of global args.</param>
/// <param name="Platform">The <c>--platform</c> flag as written, or null.</param>
public sealed record BuildStage(
    int Index,
    string? Name,
    string BaseText,
    StageBase Base,
    string? Platform,
    int Line,
    IReadOnlyList<CopyInstruction> Copies);

/// <summary>What a stage starts from.</summary>
public abstract record StageBase
{
    private StageBase()
    {
    }

    /// <summary>An image of a registry, after substitution of global args.</summary>
    public sealed record Image(string Reference) : StageBase;

    /// <summary>An earlier stage of the same Dockerfile.</summary>
    public sealed record Stage(int Index) : StageBase;

    /// <summary><c>FROM scratch</c>: an empty filesystem.</summary>
    public sealed record Scratch : StageBase;
}
