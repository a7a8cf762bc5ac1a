namespace Platform.Catalog.Dockerfiles;

/// <summary>The flags of a COPY or ADD, checked against the ones Docker accepts for that instruction.</summary>
internal sealed record CopyFlags(string? From, string? Chown, string? Chmod, bool Link, bool Parents, IReadOnlyList<string> Excludes)
{
    private static readonly HashSet<string> CopyNames = ["from", "chown", "chmod", "link", "parents", "exclude"];
    private static readonly HashSet<string> AddNames = ["chown", "chmod", "link", "checksum", "keep-git-dir", "exclude", "unpack"];
    private static readonly HashSet<string> BooleanNames = ["link", "parents", "keep-git-dir", "unpack"];

    /// <summary>Reads <c>--name=value</c> and <c>--name</c> words; values are expanded with <paramref name="expand"/>.</summary>
    public static CopyFlags Parse(CopyKind kind, IReadOnlyList<string> flags, Func<string, string> expand)
    {
        var known = kind == CopyKind.Copy ? CopyNames : AddNames;
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var excludes = new List<string>();
        foreach (var flag in flags)
        {
            var body = flag[2..];
            var equals = body.IndexOf('=');
            var name = equals < 0 ? body : body[..equals];
            var value = equals < 0 ? null : body[(equals + 1)..];
            if (!known.Contains(name))
            {
                throw new DockerfileSyntaxException(
                    $"unknown flag --{name} for {kind.ToString().ToUpperInvariant()} (known: {string.Join(", ", known.Select(k => "--" + k))})");
            }

            if (BooleanNames.Contains(name))
            {
                value = value switch
                {
                    null or "" or "true" => "true",
                    "false" => "false",
                    _ => throw new DockerfileSyntaxException($"expecting boolean value for flag --{name}, not: {value}"),
                };
            }
            else if (value is null)
            {
                throw new DockerfileSyntaxException($"missing a value on flag --{name}");
            }

            if (name == "exclude")
            {
                excludes.Add(expand(value));
            }
            else if (!values.TryAdd(name, BooleanNames.Contains(name) ? value : expand(value)))
            {
                throw new DockerfileSyntaxException($"duplicate flag specified: --{name}");
            }
        }

        return new CopyFlags(
            values.GetValueOrDefault("from"),
            values.GetValueOrDefault("chown"),
            values.GetValueOrDefault("chmod"),
            values.GetValueOrDefault("link") == "true",
            values.GetValueOrDefault("parents") == "true",
            excludes);
    }
}
