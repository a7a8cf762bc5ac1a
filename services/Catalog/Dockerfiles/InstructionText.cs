using System.Text;
using System.Text.Json;

namespace Platform.Catalog.Dockerfiles;

/// <summary>
/// Splits the text of one instruction the way Docker's parser does: the keyword, the leading
/// <c>--flag=value</c> words, then the arguments as a JSON array or as whitespace-separated words.
/// </summary>
internal static class InstructionText
{
    /// <summary>The keyword (lowercase) and the text after it.</summary>
    public static (string Keyword, string Text) SplitKeyword(string line)
    {
        var trimmed = line.Trim();
        var end = 0;
        while (end < trimmed.Length && !char.IsWhiteSpace(trimmed[end]))
        {
            end++;
        }

        return (trimmed[..end].ToLowerInvariant(), trimmed[end..].Trim());
    }

    /// <summary>
    /// Takes the leading words that start with <c>--</c> as flags (quotes and <c>\</c> escapes removed);
    /// a lone <c>--</c> ends them. Returns the flags and the rest of the text.
    /// </summary>
    public static (IReadOnlyList<string> Flags, string Arguments) SplitFlags(string text)
    {
        var flags = new List<string>();
        var pos = 0;
        while (true)
        {
            while (pos < text.Length && char.IsWhiteSpace(text[pos]))
            {
                pos++;
            }

            if (pos + 1 >= text.Length || text[pos] != '-' || text[pos + 1] != '-')
            {
                return (flags, text[pos..].Trim());
            }

            var word = new StringBuilder();
            var quote = '\0';
            for (; pos < text.Length && (quote != '\0' || !char.IsWhiteSpace(text[pos])); pos++)
            {
                var ch = text[pos];
                if (quote == '\0' && ch is '\'' or '"')
                {
                    quote = ch;
                }
                else if (quote != '\0' && ch == quote)
                {
                    quote = '\0';
                }
                else if (ch == '\\' && pos + 1 < text.Length)
                {
                    word.Append(text[++pos]);
                }
                else if (ch != '\\')
                {
                    word.Append(ch);
                }
            }

            if (word.ToString() == "--")
            {
                return (flags, text[pos..].Trim());
            }

            flags.Add(word.ToString());
        }
    }

    /// <summary>
    /// The arguments of COPY, ADD, RUN and the like: a JSON array of strings when the text is one,
    /// otherwise null. A JSON array with a value that is not a string is an error, as in Docker.
    /// </summary>
    public static IReadOnlyList<string>? TryJsonArray(string text)
    {
        var trimmed = text.TrimStart();
        if (!trimmed.StartsWith('['))
        {
            return null;
        }

        JsonElement array;
        try
        {
            array = JsonDocument.Parse(trimmed).RootElement;
        }
        catch (JsonException)
        {
            return null;
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        if (array.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
        {
            throw new DockerfileSyntaxException("when using JSON array syntax, arrays must be comprised of strings only");
        }

        return array.EnumerateArray().Select(e => e.GetString()!).ToList();
    }

    /// <summary>Whitespace-separated words, quotes kept (they are removed when each word is expanded).</summary>
    public static IReadOnlyList<string> SplitOnWhitespace(string text) =>
        text.Split(Whitespace, StringSplitOptions.RemoveEmptyEntries);

    private static readonly char[] Whitespace = [' ', '\t', '\v', '\f', '\r'];

    /// <summary>
    /// Words of ARG and ENV: separated by whitespace outside quotes; quotes and the escape character
    /// are kept for the expansion that follows.
    /// </summary>
    public static IReadOnlyList<string> SplitWords(string text, char escape)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        var quote = '\0';
        for (var pos = 0; pos < text.Length; pos++)
        {
            var ch = text[pos];
            if (quote != '\0')
            {
                word.Append(ch);
                if (ch == quote)
                {
                    quote = '\0';
                }
                else if (ch == escape && quote != '\'' && pos + 1 < text.Length)
                {
                    word.Append(text[++pos]);
                }

                continue;
            }

            if (char.IsWhiteSpace(ch))
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }

                continue;
            }

            inWord = true;
            if (ch is '\'' or '"')
            {
                quote = ch;
            }

            word.Append(ch);
            if (ch == escape && pos + 1 < text.Length)
            {
                word.Append(text[++pos]);
            }
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        return words;
    }
}
