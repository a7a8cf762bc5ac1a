using System.Text.RegularExpressions;

namespace Platform.Catalog.Dockerfiles;

/// <summary>A <c>FROM</c> of a Dockerfile that names an image (not an earlier stage, not <c>scratch</c>).</summary>
public sealed record BaseImageReference(string Reference, int Line);

/// <summary>
/// Finds the images a Dockerfile starts from: <c>FROM</c> lines with line continuations, comments,
/// <c>--platform</c> flags, named stages and <c>ARG</c>s declared before the first <c>FROM</c>.
/// </summary>
public static partial class BaseImageReader
{
    public static IReadOnlyList<BaseImageReference> Read(string dockerfile, IReadOnlyDictionary<string, string> buildArgs)
    {
        var globalArgs = new Dictionary<string, string>(StringComparer.Ordinal);
        var stages = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var result = new List<BaseImageReference>();
        var seenFrom = false;

        foreach (var (line, text) in LogicalLines(dockerfile))
        {
            var words = text.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0)
            {
                continue;
            }

            var instruction = words[0].ToUpperInvariant();
            if (instruction == "ARG" && !seenFrom)
            {
                foreach (var declaration in words.Skip(1))
                {
                    var equals = declaration.IndexOf('=');
                    var name = equals < 0 ? declaration : declaration[..equals];
                    var value = equals < 0 ? "" : Unquote(declaration[(equals + 1)..]);
                    globalArgs[name] = buildArgs.TryGetValue(name, out var given) ? given : value;
                }
            }
            else if (instruction == "FROM")
            {
                seenFrom = true;
                var operands = words.Skip(1).Where(w => !w.StartsWith("--", StringComparison.Ordinal)).ToArray();
                if (operands.Length == 0)
                {
                    continue;
                }

                var reference = Substitute(operands[0], globalArgs);
                if (!reference.Equals("scratch", StringComparison.OrdinalIgnoreCase) && !stages.Contains(reference))
                {
                    result.Add(new BaseImageReference(reference, line));
                }

                if (operands.Length >= 3 && operands[1].Equals("AS", StringComparison.OrdinalIgnoreCase))
                {
                    stages.Add(operands[2]);
                }
            }
        }

        return result;
    }

    /// <summary>Joins continued lines (a trailing backslash) and drops comments; yields each instruction with its first line number.</summary>
    private static IEnumerable<(int Line, string Text)> LogicalLines(string dockerfile)
    {
        var lines = dockerfile.Replace("\r\n", "\n").Split('\n');
        var current = new System.Text.StringBuilder();
        var start = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var trimmed = line.TrimStart();
            if (trimmed.StartsWith('#'))
            {
                continue;
            }

            if (current.Length == 0)
            {
                start = i + 1;
            }

            if (line.TrimEnd().EndsWith('\\'))
            {
                current.Append(line.TrimEnd()[..^1]).Append(' ');
                continue;
            }

            current.Append(line);
            yield return (start, current.ToString().Trim());
            current.Clear();
        }

        if (current.Length > 0)
        {
            yield return (start, current.ToString().Trim());
        }
    }

    private static string Substitute(string text, IReadOnlyDictionary<string, string> args) =>
        Variable().Replace(text, match =>
        {
            var name = match.Groups["braced"].Success ? match.Groups["braced"].Value : match.Groups["plain"].Value;
            var hasValue = args.TryGetValue(name, out var value) && value.Length > 0;
            var modifier = match.Groups["modifier"].Value;
            var word = match.Groups["word"].Value;
            return modifier switch
            {
                ":-" => hasValue ? value! : word,
                ":+" => hasValue ? word : "",
                _ => value ?? "",
            };
        });

    private static string Unquote(string value) =>
        value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0] ? value[1..^1] : value;

    [GeneratedRegex(@"\$(?:\{(?<braced>[A-Za-z_][A-Za-z0-9_]*)(?:(?<modifier>:[-+])(?<word>[^}]*))?\}|(?<plain>[A-Za-z_][A-Za-z0-9_]*))")]
    private static partial Regex Variable();
}
