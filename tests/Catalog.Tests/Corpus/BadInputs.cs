namespace Platform.Catalog.Tests.Corpus;

/// <summary>What a case expects: a problem in this file, at this line (null: the file as a whole), whose message holds this text.</summary>
public sealed record ExpectedProblem(string File, int? Line, string Message, string Image = BadInputs.Folder)
{
    public override string ToString() => $"{Image}: {File}:{Line?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}: ...{Message}...";
}

/// <summary>
/// One bad input: files written over a repository with two valid images (images/good and images/bad), and
/// the problems the catalogue must report for it, no more and no fewer.
/// </summary>
/// <param name="Files">Paths from the repository root and their content.</param>
/// <param name="Latin1">Write the content one byte per character, so that it is not valid UTF-8 (binary garbage).</param>
public sealed record BadInput(string Name, IReadOnlyDictionary<string, string> Files, IReadOnlyList<ExpectedProblem> Problems, bool Latin1 = false)
{
    public override string ToString() => Name;
}

/// <summary>The corpus of bad inputs of the catalogue: image specs, Dockerfiles, .dockerignore, VERSION files and layouts.</summary>
public static partial class BadInputs
{
    public const string Folder = "images/bad";
    public const string Spec = Folder + "/image.yaml";
    public const string Dockerfile = Folder + "/Dockerfile";
    public const string Ignore = Folder + "/.dockerignore";
    public const string Version = Folder + "/VERSION";

    /// <summary>The valid Dockerfile of images/bad, which copies src/ (src/main.py exists).</summary>
    public const string GoodDockerfile = "FROM python:3.12-slim\nCOPY src/ /app/\n";

    public static IReadOnlyList<BadInput> All { get; } = [.. Specs(), .. Dockerfiles(), .. IgnoreFiles(), .. VersionsAndLayouts()];

    public static BadInput Find(string name) => All.Single(c => c.Name == name);

    private static BadInput One(string name, string file, string content, int? line, string message) =>
        new(name, new Dictionary<string, string> { [file] = content }, [new ExpectedProblem(file, line, message)]);

    private static BadInput Many(string name, IReadOnlyDictionary<string, string> files, params ExpectedProblem[] problems) =>
        new(name, files, problems);
}
