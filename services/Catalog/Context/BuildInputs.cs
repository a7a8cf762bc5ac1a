using Platform.Catalog.Dockerfiles;

namespace Platform.Catalog.Context;

/// <summary>The context files one COPY or ADD source reads.</summary>
/// <param name="Source">The source as the instruction names it, after substitution.</param>
public sealed record SourceMatch(CopyInstruction Instruction, string Source, IReadOnlyList<string> Files);

/// <summary>The files of the build context a build really reads, and why the build would fail.</summary>
/// <param name="Files">Context files the build reads, ordinal order: COPY/ADD sources, the Dockerfile and .dockerignore.</param>
/// <param name="Sources">What each context source of each COPY and ADD matched, in file order.</param>
public sealed record BuildInputSet(IReadOnlyList<string> Files, IReadOnlyList<SourceMatch> Sources, IReadOnlyList<CatalogProblem> Problems);

/// <summary>
/// Computes which files of the build context a Dockerfile reads, as Docker's builder resolves COPY
/// and ADD sources: a source with <c>*</c>, <c>?</c> or <c>[</c> is matched with Go's <c>filepath.Match</c>
/// against every file and folder of the context (a folder brings everything under it); other sources
/// name a file or a folder; <c>.</c>, <c>./</c> and <c>/</c> name the whole context.
/// </summary>
public static class BuildInputs
{
    /// <param name="contextFiles">Every file of the context folder, relative to it ('/' separators).</param>
    /// <param name="dockerfile">The Dockerfile, read by <see cref="DockerfileReader"/>.</param>
    /// <param name="ignore">The context's <c>.dockerignore</c>, or <see cref="DockerIgnore.None"/>.</param>
    /// <param name="dockerfilePath">The Dockerfile's path relative to the context.</param>
    /// <param name="image">Folder of the image that problems belong to.</param>
    public static BuildInputSet Compute(
        IReadOnlyCollection<string> contextFiles, Dockerfile dockerfile, DockerIgnore ignore, string dockerfilePath = "Dockerfile", string image = "") =>
        Compute(BuildContext.Create(contextFiles, ignore, dockerfilePath), contextFiles.Contains(DockerIgnore.FileName), dockerfile, dockerfilePath, image);

    /// <param name="context">The build context made of the context folder's files and its <c>.dockerignore</c> (several images may share one).</param>
    /// <param name="hasDockerIgnore">The context folder has a <c>.dockerignore</c>: an input of every build.</param>
    public static BuildInputSet Compute(BuildContext context, bool hasDockerIgnore, Dockerfile dockerfile, string dockerfilePath, string image)
    {
        var sources = new List<SourceMatch>();
        var problems = new List<CatalogProblem>();
        foreach (var copy in dockerfile.Copies.Where(c => c.Origin is CopyOrigin.Context))
        {
            var found = 0;
            var missing = false;
            var exclude = copy.Excludes.Count == 0 ? DockerIgnore.None : DockerIgnore.Parse(string.Join('\n', copy.Excludes));
            foreach (var bad in exclude.Problems)
            {
                problems.Add(new CatalogProblem(image, dockerfile.File, copy.Line, $"{copy.Instruction} --exclude={bad.Message}"));
                missing = true;
            }

            foreach (var source in copy.ContextSources)
            {
                var resolved = Resolve(context, source.Text);
                if (resolved.Problem is { } message)
                {
                    problems.Add(new CatalogProblem(image, dockerfile.File, copy.Line, $"{copy.Instruction} source '{source.Text}' {message}"));
                    missing = true;
                }

                found += resolved.Entries.Count;
                var files = resolved.Entries
                    .SelectMany(entry => Files(context, entry, exclude))
                    .Distinct(StringComparer.Ordinal)
                    .Order(StringComparer.Ordinal)
                    .ToList();
                sources.Add(new SourceMatch(copy, source.Text, files));
            }

            // Like the engine: a wildcard may match nothing as long as the instruction copies something.
            if (!missing && found == 0 && !copy.Sources.Any(s => s.Kind != CopySourceKind.Path))
            {
                problems.Add(new CatalogProblem(image, dockerfile.File, copy.Line,
                    $"{copy.Instruction} {string.Join(' ', copy.Sources.Select(s => s.Text))}: no source files were specified " +
                    "(nothing in the build context matches; .dockerignore may exclude it)"));
            }
        }

        var inputs = sources.SelectMany(s => s.Files).Append(dockerfilePath)
            .Concat(hasDockerIgnore ? [DockerIgnore.FileName] : Array.Empty<string>())
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        return new BuildInputSet(inputs, sources, problems);
    }

    /// <summary>The context entries a source names, or why it names none that the build accepts.</summary>
    private static (IReadOnlyList<string> Entries, string? Problem) Resolve(BuildContext context, string source)
    {
        var cleaned = ContextPath.Clean(source);
        if (cleaned == ".." || cleaned.StartsWith("../", StringComparison.Ordinal))
        {
            return ([], "is outside the build context");
        }

        var path = source.StartsWith('/') ? source[1..] : source;
        path = path.StartsWith("./", StringComparison.Ordinal) ? path[2..] : path;
        if (HasWildcards(path))
        {
            // The engine's builder copies nothing for a bad pattern; Platform names the mistake.
            return GoGlob.TryCreate(path, out var error) is { } glob
                ? (context.Entries.Where(glob.IsMatch).ToList(), null)
                : ([], $"is not a valid pattern: syntax error in pattern ({error})");
        }

        path = ContextPath.Clean(path);
        return path == "." || context.IsFile(path) || context.IsDirectory(path)
            ? ([path], null)
            : ([], "is not in the build context (no such file or folder, or .dockerignore excludes it)");
    }

    /// <summary>The files an entry brings: itself, or everything under a folder, less <c>--exclude</c> patterns (relative to the entry).</summary>
    private static IEnumerable<string> Files(BuildContext context, string entry, DockerIgnore excludes)
    {
        var files = context.IsFile(entry) ? [entry] : context.FilesUnder(entry);
        if (excludes.Patterns.Count == 0)
        {
            return files;
        }

        return files.Where(f => !excludes.IsExcluded(Relative(f, entry)));
    }

    private static string Relative(string file, string entry) =>
        entry == "." ? file : file == entry ? file[(file.LastIndexOf('/') + 1)..] : file[(entry.Length + 1)..];

    /// <summary>Docker's test for a glob: '*', '?' or '[' that a backslash does not escape.</summary>
    private static bool HasWildcards(string path)
    {
        for (var i = 0; i < path.Length; i++)
        {
            if (path[i] == '\\')
            {
                i++;
            }
            else if (path[i] is '*' or '?' or '[')
            {
                return true;
            }
        }

        return false;
    }
}
