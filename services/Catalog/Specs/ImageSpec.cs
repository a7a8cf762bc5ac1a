namespace Platform.Catalog.Specs;

/// <summary>One image of the catalogue: what its <c>image.yaml</c> says, with defaults filled in.</summary>
/// <param name="Name">Repository path in the registry, for example <c>dataplatform/status-api</c>.</param>
/// <param name="Folder">Folder of the image relative to the repository root, for example <c>images/status-api</c>.</param>
/// <param name="Dockerfile">Path of the Dockerfile relative to <paramref name="Folder"/>.</param>
public sealed record ImageSpec(
    string Name,
    string Folder,
    ImageKind Kind,
    string Dockerfile,
    IReadOnlyDictionary<string, string> BuildArgs,
    ServiceSpec? Service,
    EtlSpec? Etl)
{
    public static IReadOnlyList<string> DefaultPlatforms { get; } = ["linux/amd64", "linux/arm64"];

    public string SpecFile => $"{Folder}/{ImageSpecReader.FileName}";

    /// <summary>The build context relative to the repository root: the image folder, or a folder above it shared by several images.</summary>
    public string Context { get; init; } = Folder;

    /// <summary>The platforms the image is built for.</summary>
    public IReadOnlyList<string> Platforms { get; init; } = DefaultPlatforms;

    /// <summary>The line of <c>name:</c> in the spec, or null when the name comes from the folder.</summary>
    public int? NameLine { get; init; }

    /// <summary>Tags pushed besides <c>latest</c> and <c>sha-&lt;commit&gt;</c>.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Commands run in a container of each freshly built platform image; a failure pushes nothing.</summary>
    public IReadOnlyList<ImageTest> Tests { get; init; } = [];

    /// <summary>The Dockerfile's path relative to the repository root.</summary>
    public string DockerfilePath => Index.RepositoryPath.Combine(Folder, Dockerfile);

    /// <summary>The Dockerfile's path relative to the build context, as the engine is told it.</summary>
    public string DockerfileInContext => Index.RepositoryPath.Relative(Context, DockerfilePath);
}

/// <summary>How a long-running service is reached and checked.</summary>
/// <param name="Port">The port the container listens on.</param>
/// <param name="HealthPath">HTTP path that answers 2xx when the service is healthy.</param>
public sealed record ServiceSpec(int Port, string HealthPath);

/// <summary>When an ETL job runs. Without a schedule an outside orchestrator runs it.</summary>
public sealed record EtlSpec(string? Schedule);
