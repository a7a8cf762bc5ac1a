using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

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
    private readonly Regex? regex;

    private IgnorePattern(string text, bool isException, MatchKind kind, Regex? regex, int line)
    {
        Text = text;
        IsException = isException;
        this.kind = kind;
        this.regex = regex;
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

    /// <summary>Compiles a cleaned pattern; throws <see cref="FormatException"/> when Docker would refuse it.</summary>
    public static IgnorePattern Create(string text, bool isException, int line)
    {
        if (GoGlob.TryCreate(text) is null)
        {
            throw new FormatException("syntax error in pattern (Go's filepath.Match refuses it)");
        }

        var expression = new StringBuilder("^");
        var kind = MatchKind.Exact;
        var trailingBackslash = false;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            var first = i == 0;
            if (ch == '*' && i + 1 < text.Length && text[i + 1] == '*')
            {
                i++;
                if (i + 1 < text.Length && text[i + 1] == '/')
                {
                    i++;
                }

                if (i + 1 == text.Length)
                {
                    kind = kind == MatchKind.Exact ? MatchKind.Prefix : MatchKind.Expression;
                    expression.Append(kind == MatchKind.Expression ? ".*" : "");
                }
                else
                {
                    expression.Append("(.*/)?");
                    kind = MatchKind.Expression;
                }

                kind = first ? MatchKind.Suffix : kind;
                continue;
            }

            trailingBackslash = false;
            switch (ch)
            {
                case '*':
                    expression.Append("[^/]*");
                    kind = MatchKind.Expression;
                    break;
                case '?':
                    expression.Append("[^/]");
                    kind = MatchKind.Expression;
                    break;
                case '[' or ']':
                    expression.Append(ch);
                    kind = MatchKind.Expression;
                    break;
                case '\\' when i + 1 < text.Length:
                    expression.Append(GoEscape(text[++i]));
                    kind = MatchKind.Expression;
                    break;
                case '\\':
                    expression.Append(@"\\");
                    trailingBackslash = true;
                    break;
                default:
                    expression.Append(Literal(ch));
                    break;
            }
        }

        if (kind != MatchKind.Expression)
        {
            return new IgnorePattern(text, isException, kind, null, line);
        }

        if (trailingBackslash)
        {
            throw new FormatException("trailing backslash at end of pattern");
        }

        try
        {
            var regex = new Regex(expression.Append(@"\z").ToString(), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            return new IgnorePattern(text, isException, kind, regex, line);
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"not a valid pattern: {e.Message}");
        }
    }

    /// <summary>True when the pattern matches <paramref name="path"/> itself (not counting its folders).</summary>
    public bool Matches(string path) => kind switch
    {
        MatchKind.Exact => path == Text,
        MatchKind.Prefix => path.StartsWith(Text[..^2], StringComparison.Ordinal),
        MatchKind.Suffix => path.EndsWith(Text[2..], StringComparison.Ordinal) || (Text[2..].StartsWith('/') && path == Text[3..]),
        _ => regex!.IsMatch(path),
    };

    /// <summary>True when the pattern matches <paramref name="path"/> or one of the folders that hold it.</summary>
    public bool MatchesOrParentMatches(string path) => Matches(path) || ContextPath.Parents(path).Any(Matches);

    /// <summary>Characters that mean something in a regular expression but not in a glob are taken literally.</summary>
    private static string Literal(char ch) => ch is '.' or '+' or '(' or ')' or '|' or '{' or '}' or '$' ? "\\" + ch : ch.ToString();

    /// <summary>What <c>\c</c> means in Go's regular expressions, which patternmatcher hands escapes to.</summary>
    private static string GoEscape(char ch) => ch switch
    {
        'd' => "[0-9]",
        'D' => "[^0-9]",
        's' => @"[\t\n\f\r ]",
        'S' => @"[^\t\n\f\r ]",
        'w' => "[0-9A-Za-z_]",
        'W' => "[^0-9A-Za-z_]",
        'a' => @"\a",
        'f' => @"\f",
        't' => @"\t",
        'n' => @"\n",
        'r' => @"\r",
        'v' => @"\v",
        'b' or 'B' or 'A' or 'z' => "\\" + ch,
        _ when ch < 128 && !char.IsAsciiLetterOrDigit(ch) => "\\u" + ((int)ch).ToString("x4", CultureInfo.InvariantCulture),
        _ => throw new FormatException($"invalid escape sequence \\{ch} (Go's regular expressions refuse it)"),
    };
}
