namespace Platform.Catalog.Context;

/// <summary>A parsed Go regular expression: what <see cref="PathExpression"/> runs.</summary>
internal abstract record RegexNode
{
    public sealed record Characters(CharacterSet Set) : RegexNode;

    /// <summary><c>^</c> or <c>\A</c> (beginning of the text), <c>$</c> or <c>\z</c> (end of the text).</summary>
    public sealed record Anchor(bool AtBegin) : RegexNode;

    public sealed record Sequence(IReadOnlyList<RegexNode> Items) : RegexNode;

    public sealed record Alternation(IReadOnlyList<RegexNode> Branches) : RegexNode;

    /// <param name="Operator"><c>*</c>, <c>+</c> or <c>?</c>.</param>
    public sealed record Repeat(RegexNode Item, char Operator) : RegexNode;
}

/// <summary>
/// Reads Go's regular expression syntax (package <c>regexp/syntax</c> with the Perl flags <c>regexp.Compile</c>
/// uses) far enough for what patternmatcher produces; refuses with Go's reason what Go refuses.
/// </summary>
internal sealed class GoRegexParser(int[] source)
{
    private static readonly Dictionary<string, (int Low, int High)[]> Posix = new(StringComparer.Ordinal)
    {
        ["alnum"] = [('0', '9'), ('A', 'Z'), ('a', 'z')],
        ["alpha"] = [('A', 'Z'), ('a', 'z')],
        ["ascii"] = [(0, 0x7F)],
        ["blank"] = [('\t', '\t'), (' ', ' ')],
        ["cntrl"] = [(0, 0x1F), (0x7F, 0x7F)],
        ["digit"] = [('0', '9')],
        ["graph"] = [('!', '~')],
        ["lower"] = [('a', 'z')],
        ["print"] = [(' ', '~')],
        ["punct"] = [('!', '/'), (':', '@'), ('[', '`'), ('{', '~')],
        ["space"] = [('\t', '\r'), (' ', ' ')],
        ["upper"] = [('A', 'Z')],
        ["word"] = [('0', '9'), ('A', 'Z'), ('a', 'z'), ('_', '_')],
        ["xdigit"] = [('0', '9'), ('A', 'F'), ('a', 'f')],
    };

    private static readonly Dictionary<int, (int Low, int High)[]> Perl = new()
    {
        ['d'] = [('0', '9')],
        ['s'] = [('\t', '\n'), ('\f', '\r'), (' ', ' ')],
        ['w'] = [('0', '9'), ('A', 'Z'), ('a', 'z'), ('_', '_')],
    };

    private int i;

    public RegexNode Parse()
    {
        var node = Alternation();
        if (i < source.Length)
        {
            throw Error("unexpected )", i, source.Length);
        }

        return node;
    }

    private RegexNode Alternation()
    {
        var branches = new List<RegexNode> { Sequence() };
        while (i < source.Length && source[i] == '|')
        {
            i++;
            branches.Add(Sequence());
        }

        return branches.Count == 1 ? branches[0] : new RegexNode.Alternation(branches);
    }

    private RegexNode Sequence()
    {
        var items = new List<RegexNode>();
        while (i < source.Length && source[i] is not ('|' or ')'))
        {
            if (source[i] is '*' or '+' or '?')
            {
                throw Error("missing argument to repetition operator", i, i + 1);
            }

            var item = Atom();
            var repeated = i;
            if (i < source.Length && source[i] is '*' or '+' or '?')
            {
                item = new RegexNode.Repeat(item, (char)source[i++]);
                // A '?' after a repetition makes it lazy, which changes nothing for a yes-or-no match.
                i += i < source.Length && source[i] == '?' ? 1 : 0;
                if (i < source.Length && source[i] is '*' or '+' or '?')
                {
                    throw Error("invalid nested repetition operator", repeated, i + 1);
                }
            }

            items.Add(item);
        }

        return new RegexNode.Sequence(items);
    }

    private RegexNode Atom()
    {
        var start = i;
        switch (source[i++])
        {
            case '(':
                if (i < source.Length && source[i] == '?')
                {
                    throw Error("flags and named groups are not supported by Platform", start, i + 1);
                }

                var inner = Alternation();
                if (i >= source.Length || source[i] != ')')
                {
                    throw Error("missing closing )", start, source.Length);
                }

                i++;
                return inner;
            case '[':
                i = start;
                return Class();
            case '.':
                return new RegexNode.Characters(CharacterSet.AnyButNewline);
            case '^':
                return new RegexNode.Anchor(AtBegin: true);
            case '$':
                return new RegexNode.Anchor(AtBegin: false);
            case '\\':
                if (i < source.Length && source[i] is 'A' or 'z')
                {
                    return new RegexNode.Anchor(source[i++] == 'A');
                }

                if (i < source.Length && source[i] is 'b' or 'B' or 'Q' or 'p' or 'P' or 'C')
                {
                    throw Error("this escape is not supported by Platform", start, i + 1);
                }

                if (PerlClass() is { } perl)
                {
                    return new RegexNode.Characters(new CharacterSet(perl, negated: false));
                }

                i = start;
                return new RegexNode.Characters(CharacterSet.Of(Escape()));
            default:
                return new RegexNode.Characters(CharacterSet.Of(source[start]));
        }
    }

    /// <summary>Go's <c>parseClass</c>: '[' at <c>i</c>, an optional '^', then ranges up to a ']' that is not the first item.</summary>
    private RegexNode Class()
    {
        var start = i++;
        var negated = i < source.Length && source[i] == '^';
        i += negated ? 1 : 0;
        var ranges = new List<(int Low, int High)>();
        for (var first = true; first || i >= source.Length || source[i] != ']'; first = false)
        {
            if (i >= source.Length)
            {
                throw Error("missing closing ]", start, source.Length);
            }

            if (source[i] == '[' && i + 1 < source.Length && source[i + 1] == ':' && NamedClass() is { } named)
            {
                ranges.AddRange(named);
                continue;
            }

            if (source[i] == '\\' && i + 1 < source.Length && source[i + 1] is 'p' or 'P')
            {
                throw Error("this escape is not supported by Platform", i, i + 2);
            }

            var rangeStart = i;
            i += source[i] == '\\' ? 1 : 0;
            if (i > rangeStart && PerlClass() is { } perl)
            {
                ranges.AddRange(perl);
                continue;
            }

            i = rangeStart;
            var low = ClassCharacter();
            var high = low;
            if (i + 1 < source.Length && source[i] == '-' && source[i + 1] != ']')
            {
                i++;
                high = ClassCharacter();
                if (high < low)
                {
                    throw Error("invalid character class range", rangeStart, i);
                }
            }

            ranges.Add((low, high));
        }

        i++;
        // With Go's Perl flags a negated class matches a newline too (ClassNL).
        return new RegexNode.Characters(new CharacterSet(ranges, negated));
    }

    /// <summary><c>[:alpha:]</c> or <c>[:^alpha:]</c> at <c>i</c>; null when no <c>:]</c> follows (then '[' is a character).</summary>
    private IEnumerable<(int Low, int High)>? NamedClass()
    {
        var end = -1;
        for (var j = i + 2; j + 1 < source.Length; j++)
        {
            if (source[j] == ':' && source[j + 1] == ']')
            {
                end = j;
                break;
            }
        }

        if (end < 0)
        {
            return null;
        }

        var name = Text(i + 2, end);
        var negated = name.StartsWith('^');
        if (!Posix.TryGetValue(negated ? name[1..] : name, out var ranges))
        {
            throw Error("invalid character class range", i, end + 2);
        }

        i = end + 2;
        return negated ? CharacterSet.Complement(ranges) : ranges;
    }

    /// <summary><c>\d</c>, <c>\s</c>, <c>\w</c> and their negations, with <c>i</c> after the backslash.</summary>
    private IEnumerable<(int Low, int High)>? PerlClass()
    {
        if (i >= source.Length || source[i] is not ('d' or 's' or 'w' or 'D' or 'S' or 'W'))
        {
            return null;
        }

        var letter = source[i++];
        var ranges = Perl[letter | 0x20];
        return letter < 'a' ? CharacterSet.Complement(ranges) : ranges;
    }

    private int ClassCharacter() => source[i] == '\\' ? Escape() : source[i++];

    /// <summary>Go's <c>parseEscape</c>, with <c>i</c> on the backslash: one character.</summary>
    private int Escape()
    {
        var start = i++;
        if (i >= source.Length)
        {
            throw Error("trailing backslash at end of expression", start, source.Length);
        }

        var c = source[i++];
        switch (c)
        {
            case >= '1' and <= '7' when i >= source.Length || source[i] is < '0' or > '7':
                throw Error("invalid escape sequence", start, i);
            case >= '0' and <= '7':
                var value = c - '0';
                for (var digits = 1; digits < 3 && i < source.Length && source[i] is >= '0' and <= '7'; digits++)
                {
                    value = (value * 8) + source[i++] - '0';
                }

                return value;
            case 'x':
                if (i + 1 < source.Length && IsHex(source[i]) && IsHex(source[i + 1]))
                {
                    i += 2;
                    return Convert.ToInt32(Text(i - 2, i), 16);
                }

                throw Error("invalid escape sequence", start, Math.Min(i + 2, source.Length));
            case 'a': return 7;
            case 'f': return '\f';
            case 'n': return '\n';
            case 'r': return '\r';
            case 't': return '\t';
            case 'v': return '\v';
            case < 0x80 when !char.IsAsciiLetterOrDigit((char)c):
                return c;
            default:
                throw Error("invalid escape sequence", start, i);
        }
    }

    private static bool IsHex(int c) => c < 0x80 && char.IsAsciiHexDigit((char)c);

    private string Text(int from, int to) => string.Concat(source[from..to].Select(char.ConvertFromUtf32));

    private FormatException Error(string reason, int from, int to) => new($"{reason}: `{Text(from, Math.Min(to, source.Length))}`");
}
