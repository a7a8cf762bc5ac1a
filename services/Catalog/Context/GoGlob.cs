using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Platform.Catalog.Context;

/// <summary>
/// Go's <c>filepath.Match</c> on Linux, which Docker uses for COPY and ADD sources with wildcards:
/// <c>*</c> is any run of characters but '/', <c>?</c> any one character but '/', <c>[a-z]</c> and
/// <c>[^a-z]</c> a character class, <c>\</c> escapes the next character. There is no <c>**</c>.
/// </summary>
public sealed class GoGlob
{
    private readonly Regex regex;

    private GoGlob(Regex regex) => this.regex = regex;

    /// <summary>The compiled pattern, or null when Go would answer ErrBadPattern.</summary>
    public static GoGlob? TryCreate(string pattern)
    {
        var translated = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            switch (pattern[i])
            {
                case '*':
                    translated.Append("[^/]*");
                    break;
                case '?':
                    translated.Append("[^/]");
                    break;
                case '\\':
                    if (++i == pattern.Length)
                    {
                        return null;
                    }

                    translated.Append(Literal(pattern[i]));
                    break;
                case '[':
                    if (Class(pattern, ref i) is not { } characterClass)
                    {
                        return null;
                    }

                    translated.Append(characterClass);
                    break;
                default:
                    translated.Append(Literal(pattern[i]));
                    break;
            }
        }

        return new GoGlob(new Regex(translated.Append(@"\z").ToString(), RegexOptions.CultureInvariant | RegexOptions.Singleline));
    }

    /// <summary>True when the whole of <paramref name="name"/> matches.</summary>
    public bool IsMatch(string name) => regex.IsMatch(name);

    /// <summary>A class from the '[' at <paramref name="i"/>; leaves <paramref name="i"/> on its ']'. Null when malformed.</summary>
    private static string? Class(string pattern, ref int i)
    {
        var result = new StringBuilder("[");
        i++;
        if (i < pattern.Length && pattern[i] == '^')
        {
            result.Append('^');
            i++;
        }

        var ranges = 0;
        while (true)
        {
            if (i < pattern.Length && pattern[i] == ']' && ranges > 0)
            {
                return result.Append(']').ToString();
            }

            if (Escaped(pattern, ref i) is not { } low)
            {
                return null;
            }

            result.Append(Literal(low));
            if (i < pattern.Length && pattern[i] == '-')
            {
                i++;
                if (Escaped(pattern, ref i) is not { } high)
                {
                    return null;
                }

                result.Append('-').Append(Literal(high));
            }

            ranges++;
        }
    }

    /// <summary>One character of a class, unescaped; null for an unescaped '-' or ']' or the end of the pattern.</summary>
    private static char? Escaped(string pattern, ref int i)
    {
        if (i >= pattern.Length || pattern[i] is '-' or ']')
        {
            return null;
        }

        if (pattern[i] == '\\' && ++i >= pattern.Length)
        {
            return null;
        }

        return pattern[i++];
    }

    private static string Literal(char c) => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture);
}
