using System.Globalization;

namespace Platform.Catalog.Dockerfiles;

/// <summary>Reads the flags, sources and destination of one COPY or ADD.</summary>
internal static class CopyReader
{
    public static CopyInstruction Read(
        CopyKind kind,
        IReadOnlyList<string> flagWords,
        string args,
        LogicalInstruction instruction,
        char escape,
        StageScope stage,
        IReadOnlyList<StageScope> stages,
        IReadOnlyDictionary<string, int> stageNameLines)
    {
        var name = kind.ToString().ToUpperInvariant();
        string Expand(string word) => ShellWord.Expand(word, escape, stage.Lookup);
        var flags = CopyFlags.Parse(kind, flagWords, Expand);
        var json = InstructionText.TryJsonArray(args);
        if (json is null && args.TrimStart().StartsWith('[') && args.Contains('"'))
        {
            throw new DockerfileSyntaxException($"'{args}' looks like a JSON array but is not valid JSON (Docker would read it as words)");
        }

        var words = json ?? InstructionText.SplitOnWhitespace(args);
        if (words.Count < 2)
        {
            throw new DockerfileSyntaxException(
                $"{name} requires at least two arguments, a source and a destination, but {(words.Count == 0 ? "none was" : "only one was")} provided");
        }

        if (json is null && HeredocMarker.Parse(words[^1]) is not null)
        {
            throw new DockerfileSyntaxException($"{name} cannot accept a heredoc as a destination");
        }

        var sources = words.Take(words.Count - 1).Select(word => Source(kind, word, json is not null, instruction, Expand)).ToList();
        var origin = Origin(flags.From, stage, stages, stageNameLines);
        return new CopyInstruction(kind, instruction.StartLine, origin, sources, Expand(words[^1]),
            flags.Chown, flags.Chmod, flags.Link, flags.Parents, flags.Excludes, json is not null);
    }

    private static CopySource Source(CopyKind kind, string word, bool json, LogicalInstruction instruction, Func<string, string> expand)
    {
        if (!json && HeredocMarker.Parse(word) is { } marker)
        {
            var heredoc = instruction.Heredocs.FirstOrDefault(h => h.Name == marker.Name);
            return new CopySource(marker.Name, CopySourceKind.Heredoc, heredoc?.Content ?? "");
        }

        var text = expand(word);
        var isUrl = text.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
        if (kind == CopyKind.Copy)
        {
            return isUrl
                ? throw new DockerfileSyntaxException($"source can't be a URL for COPY ({text}); use ADD to download")
                : new CopySource(text, CopySourceKind.Path);
        }

        var isGit = text.StartsWith("git@", StringComparison.Ordinal) || text.StartsWith("git://", StringComparison.Ordinal)
            || (isUrl && (text.Split('#')[0].EndsWith(".git", StringComparison.Ordinal)));
        return new CopySource(text, isGit ? CopySourceKind.Git : isUrl ? CopySourceKind.Url : CopySourceKind.Path);
    }

    /// <summary><c>--from</c> names an earlier stage (by name, or by index), else an image.</summary>
    private static CopyOrigin Origin(
        string? from, StageScope stage, IReadOnlyList<StageScope> stages, IReadOnlyDictionary<string, int> stageNameLines)
    {
        if (string.IsNullOrEmpty(from))
        {
            return new CopyOrigin.Context();
        }

        var lower = from.ToLowerInvariant();
        if (stages.FirstOrDefault(s => s.Name == lower && s.Index < stage.Index) is { } named)
        {
            return new CopyOrigin.Stage(named.Index);
        }

        if (stageNameLines.TryGetValue(lower, out var declared))
        {
            throw new DockerfileSyntaxException(stage.Name == lower
                ? $"--from={from} names the stage it is in"
                : $"--from={from} names the stage declared later at line {declared}; only earlier stages can be copied from");
        }

        if (int.TryParse(from, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            return index < stage.Index
                ? new CopyOrigin.Stage(index)
                : throw new DockerfileSyntaxException(stage.Index == 0
                    ? $"invalid stage index {index}: there is no stage before this one"
                    : $"invalid stage index {index}: --from=<index> must name an earlier stage, 0 to {stage.Index - 1}");
        }

        return new CopyOrigin.Image(from);
    }
}
