using System.Text;

namespace Platform.Catalog.Dockerfiles;

/// <summary>
/// Expands one word of an instruction as Docker does before using it: single and double quotes,
/// the escape character, and variables (<c>$VAR</c>, <c>${VAR}</c>, <c>${VAR:-word}</c>, <c>${VAR-word}</c>,
/// <c>${VAR:+word}</c>, <c>${VAR+word}</c>, <c>${VAR:?message}</c>, <c>${VAR?message}</c>).
/// Unset variables expand to nothing. Whitespace inside the word is kept.
/// </summary>
internal sealed class ShellWord
{
    private const string SpecialParameters = "@*#?-$!";
    private readonly string text;
    private readonly char escape;
    private readonly Func<string, string?> lookup;
    private int pos;

    private ShellWord(string text, char escape, Func<string, string?> lookup)
    {
        this.text = text;
        this.escape = escape;
        this.lookup = lookup;
    }

    /// <summary>The expanded word; throws <see cref="DockerfileSyntaxException"/> for a bad substitution or quote.</summary>
    public static string Expand(string word, char escape, Func<string, string?> lookup) =>
        new ShellWord(word, escape, lookup).ReadUntil(null);

    private bool AtEnd => pos >= text.Length;

    private char Peek => text[pos];

    private string ReadUntil(char? stop)
    {
        var result = new StringBuilder();
        while (!AtEnd)
        {
            var ch = text[pos];
            if (stop == ch)
            {
                pos++;
                return result.ToString();
            }

            switch (ch)
            {
                case '\'':
                    pos++;
                    result.Append(ReadSingleQuoted());
                    break;
                case '"':
                    pos++;
                    result.Append(ReadDoubleQuoted());
                    break;
                case '$':
                    pos++;
                    result.Append(ReadDollar());
                    break;
                default:
                    pos++;
                    if (ch == escape)
                    {
                        if (AtEnd)
                        {
                            break;
                        }

                        ch = text[pos++];
                    }

                    result.Append(ch);
                    break;
            }
        }

        if (stop is not null)
        {
            throw new DockerfileSyntaxException($"syntax error: missing '{stop}' in '{text}'");
        }

        return result.ToString();
    }

    private string ReadSingleQuoted()
    {
        var end = text.IndexOf('\'', pos);
        if (end < 0)
        {
            throw new DockerfileSyntaxException($"unexpected end of statement while looking for matching single-quote in '{text}'");
        }

        var quoted = text[pos..end];
        pos = end + 1;
        return quoted;
    }

    private string ReadDoubleQuoted()
    {
        var result = new StringBuilder();
        while (!AtEnd)
        {
            var ch = text[pos++];
            if (ch == '"')
            {
                return result.ToString();
            }

            if (ch == '$')
            {
                result.Append(ReadDollar());
                continue;
            }

            if (ch == escape && !AtEnd && (Peek == '"' || Peek == '$' || Peek == escape))
            {
                ch = text[pos++];
            }

            result.Append(ch);
        }

        throw new DockerfileSyntaxException($"unexpected end of statement while looking for matching double-quote in '{text}'");
    }

    private string ReadDollar()
    {
        if (AtEnd || Peek != '{')
        {
            var plain = ReadName();
            return plain.Length == 0 ? "$" : lookup(plain) ?? "";
        }

        pos++;
        var name = ReadName();
        if (name.Length == 0 || AtEnd)
        {
            throw new DockerfileSyntaxException($"bad substitution in '{text}'");
        }

        var value = lookup(name);
        var op = text[pos++];
        if (op == '}')
        {
            return value ?? "";
        }

        var colon = op == ':';
        if (colon)
        {
            if (AtEnd)
            {
                throw new DockerfileSyntaxException($"bad substitution in '{text}'");
            }

            op = text[pos++];
        }

        if (op is not ('-' or '+' or '?'))
        {
            throw new DockerfileSyntaxException($"unsupported modifier ({(colon ? ":" : "")}{op}) in substitution '{text}'");
        }

        var word = ReadUntil('}');
        var set = colon ? !string.IsNullOrEmpty(value) : value is not null;
        return op switch
        {
            '-' => set ? value! : word,
            '+' => set ? word : "",
            _ => set ? value! : throw new DockerfileSyntaxException($"{name}: {(word.Length > 0 ? word : "is not allowed to be unset")}"),
        };
    }

    private string ReadName()
    {
        if (AtEnd)
        {
            return "";
        }

        if (char.IsAsciiDigit(Peek))
        {
            var start = pos;
            while (!AtEnd && char.IsAsciiDigit(Peek))
            {
                pos++;
            }

            return text[start..pos];
        }

        if (SpecialParameters.Contains(Peek))
        {
            return text[pos++].ToString();
        }

        var begin = pos;
        while (!AtEnd && (char.IsLetterOrDigit(Peek) || Peek == '_'))
        {
            pos++;
        }

        return text[begin..pos];
    }
}
