using System.Text;

namespace Platform.Catalog.Context;

/// <summary>
/// One line of a <c>.dockerignore</c> as moby/patternmatcher compiles it: <c>**</c> is any number of
/// folders, <c>*</c> and <c>?</c> stop at '/', <c>[...]</c> is a class, <c>\</c> escapes. Like
/// patternmatcher, a pattern that is literal but for a leading or trailing <c>**</c> is matched as a plain
/// suffix or prefix, which is not always what the regular expression would say (<c>**.txt</c> matches <c>a/b.txt</c>).
/// </summary>
public sealed class IgnorePattern
{
    private readonly MatchKind kind;
    private readonly PathExpression? expression;

    private IgnorePattern(string text, bool isException, MatchKind kind, PathExpression? expression, int line)
    {
        Text = text;
        IsException = isException;
        this.kind = kind;
        this.expression = expression;
        Line = line;
    }

    private enum MatchKind
    {
        Exact,
        Prefix,
        Suffix,
        Expression,
    }

    /// <summary>The cleaned pattern without its <c>!</c>.</summary>
    public string Text { get; }

    /// <summary>True for a <c>!</c> line, which brings back what earlier lines excluded.</summary>
    public bool IsException { get; }

    public int Line { get; }

    public override string ToString() => (IsException ? "!" : "") + Text;

    /// <summary>
    /// Compiles a cleaned pattern as patternmatcher does; throws <see cref="FormatException"/> when Docker would
    /// refuse it (its message is always "syntax error in pattern"; the reason follows in parentheses).
    /// </summary>
    public static IgnorePattern Create(string text, bool isException, int line)
    {
        if (GoGlob.TryCreate(text, out var error) is null)
        {
            throw new FormatException($"syntax error in pattern ({error})");
        }

        var (expression, kind) = Translate(text);
        if (kind != MatchKind.Expression)
        {
            return new IgnorePattern(text, isException, kind, null, line);
        }

        try
        {
            return new IgnorePattern(text, isException, kind, PathExpression.Compile(expression), line);
        }
        catch (FormatException e)
        {
            throw new FormatException($"syntax error in pattern ({e.Message})");
        }
    }

    /// <summary>True when the pattern matches <paramref name="path"/> itself (not counting its folders).</summary>
    public bool Matches(string path) => kind switch
    {
        MatchKind.Exact => path == Text,
        MatchKind.Prefix => path.StartsWith(Text[..^2], StringComparison.Ordinal),
        MatchKind.Suffix => path.EndsWith(Text[2..], StringComparison.Ordinal) || (Text[2..].StartsWith('/') && path == Text[3..]),
        _ => expression!.IsMatch(path),
    };

    /// <summary>True when the pattern matches <paramref name="path"/> or one of the folders that hold it.</summary>
    public bool MatchesOrParentMatches(string path) => Matches(path) || ContextPath.Parents(path).Any(Matches);

    /// <summary>
    /// patternmatcher's <c>compile</c>: the Go regular expression of a pattern, and whether a plain comparison
    /// does instead. Characters pass through as they are, but for <c>.+()|{}$</c>, which are escaped.
    /// </summary>
    private static (string Expression, MatchKind Kind) Translate(string text)
    {
        var expression = new StringBuilder("^");
        var kind = MatchKind.Exact;
        var runes = text.EnumerateRunes().Select(r => r.ToString()).ToArray();
        for (var i = 0; i < runes.Length; i++)
        {
            var ch = runes[i];
            if (ch == "*" && i + 1 < runes.Length && runes[i + 1] == "*")
            {
                var first = i == 0;
                i++;
                i += i + 1 < runes.Length && runes[i + 1] == "/" ? 1 : 0;
                if (i + 1 == runes.Length)
                {
                    expression.Append(kind == MatchKind.Exact ? "" : ".*");
                    kind = kind == MatchKind.Exact ? MatchKind.Prefix : MatchKind.Expression;
                }
                else
                {
                    expression.Append("(.*/)?");
                    kind = MatchKind.Expression;
                }

                kind = first ? MatchKind.Suffix : kind;
                continue;
            }

            switch (ch)
            {
                case "*":
                    expression.Append("[^/]*");
                    kind = MatchKind.Expression;
                    break;
                case "?":
                    expression.Append("[^/]");
                    kind = MatchKind.Expression;
                    break;
                case "." or "+" or "(" or ")" or "|" or "{" or "}" or "$":
                    expression.Append('\\').Append(ch);
                    break;
                case "\\" when i + 1 < runes.Length:
                    expression.Append(ch).Append(runes[++i]);
                    kind = MatchKind.Expression;
                    break;
                case "[" or "]":
                    expression.Append(ch);
                    kind = MatchKind.Expression;
                    break;
                default:
                    expression.Append(ch);
                    break;
            }
        }

        return (expression.Append('$').ToString(), kind);
    }
}
