namespace Platform.Catalog.Context;

/// <summary>
/// Go's <c>filepath.Match</c> on Linux, which Docker uses for COPY and ADD sources with wildcards and to
/// check <c>.dockerignore</c> lines: <c>*</c> is any run of characters but '/', <c>?</c> any one character
/// but '/', <c>[a-z]</c> and <c>[^a-z]</c> a class (<c>!</c> is no negation; a range written backwards
/// matches nothing), <c>\</c> escapes the next character. There is no <c>**</c>. The pattern is read once,
/// by code point, and a bad one is refused with the reason; matching follows Go (a star never backtracks
/// into an earlier star), so it takes time proportional to the name times the pattern at worst.
/// </summary>
public sealed class GoGlob
{
    private readonly Chunk[] chunks;

    private GoGlob(Chunk[] chunks) => this.chunks = chunks;

    /// <summary>The compiled pattern, or null when Go would answer ErrBadPattern ("syntax error in pattern").</summary>
    public static GoGlob? TryCreate(string pattern) => TryCreate(pattern, out _);

    /// <param name="error">Why the pattern is bad, when it is.</param>
    public static GoGlob? TryCreate(string pattern, out string? error)
    {
        var runes = CodePoints(pattern);
        var chunks = new List<Chunk>();
        var i = 0;
        error = null;
        while (i < runes.Length)
        {
            var star = false;
            while (i < runes.Length && runes[i] == '*')
            {
                star = true;
                i++;
            }

            var atoms = new List<Atom>();
            while (i < runes.Length && runes[i] != '*' && error is null)
            {
                atoms.Add(ReadAtom(runes, ref i, ref error));
            }

            if (error is not null)
            {
                return null;
            }

            chunks.Add(new Chunk(star, [.. atoms]));
        }

        return new GoGlob([.. chunks]);
    }

    /// <summary>True when the whole of <paramref name="name"/> matches.</summary>
    public bool IsMatch(string name)
    {
        var text = CodePoints(name);
        var position = 0;
        for (var c = 0; c < chunks.Length; c++)
        {
            var (star, atoms) = chunks[c];
            var last = c == chunks.Length - 1;
            if (star && atoms.Length == 0)
            {
                // Only a trailing star has no atoms: it takes the rest of a name without a '/'.
                return Array.IndexOf(text, '/', position) < 0;
            }

            if (MatchAt(atoms, text, position) is { } end && (!last || end == text.Length))
            {
                position = end;
                continue;
            }

            var found = false;
            for (var skip = position; star && skip < text.Length && text[skip] != '/'; skip++)
            {
                if (MatchAt(atoms, text, skip + 1) is { } after && (!last || after == text.Length))
                {
                    position = after;
                    found = true;
                    break;
                }
            }

            if (!found)
            {
                return false;
            }
        }

        return position == text.Length;
    }

    internal static int[] CodePoints(string text)
    {
        var runes = new List<int>(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            runes.Add(rune.Value);
        }

        return [.. runes];
    }

    private static Atom ReadAtom(int[] runes, ref int i, ref string? error)
    {
        switch (runes[i])
        {
            case '?':
                i++;
                return new Atom(AtomKind.Any, 0, []);
            case '\\':
                if (++i == runes.Length)
                {
                    error = "a '\\' at the end of the pattern escapes nothing";
                    return default;
                }

                return new Atom(AtomKind.Literal, runes[i++], []);
            case '[':
                return ReadClass(runes, ref i, ref error);
            default:
                return new Atom(AtomKind.Literal, runes[i++], []);
        }
    }

    /// <summary>A class from the '[' at <paramref name="i"/>, as Go's <c>matchChunk</c> checks it.</summary>
    private static Atom ReadClass(int[] runes, ref int i, ref string? error)
    {
        i++;
        var negated = i < runes.Length && runes[i] == '^';
        i += negated ? 1 : 0;
        var ranges = new List<(int Low, int High)>();
        while (error is null)
        {
            if (i < runes.Length && runes[i] == ']' && ranges.Count > 0)
            {
                i++;
                return new Atom(negated ? AtomKind.NegatedClass : AtomKind.Class, 0, [.. ranges]);
            }

            var low = ClassCharacter(runes, ref i, ref error);
            var high = low;
            if (error is null && runes[i] == '-')
            {
                i++;
                high = ClassCharacter(runes, ref i, ref error);
            }

            ranges.Add((low, high));
        }

        return default;
    }

    /// <summary>Go's <c>getEsc</c>: one character of a class, unescaped, that must not end the pattern.</summary>
    private static int ClassCharacter(int[] runes, ref int i, ref string? error)
    {
        if (i >= runes.Length)
        {
            error = "a '[' class is not closed by ']'";
            return 0;
        }

        if (runes[i] is '-' or ']')
        {
            error = $"a '[' class needs a character where '{(char)runes[i]}' is (write \\{(char)runes[i]} for the character itself)";
            return 0;
        }

        if (runes[i] == '\\' && ++i >= runes.Length)
        {
            error = "a '\\' at the end of the pattern escapes nothing";
            return 0;
        }

        var character = runes[i++];
        if (i >= runes.Length)
        {
            error = "a '[' class is not closed by ']'";
        }

        return character;
    }

    /// <summary>Where the atoms, matched from <paramref name="start"/>, end; null when they do not match there.</summary>
    private static int? MatchAt(Atom[] atoms, int[] text, int start)
    {
        var position = start;
        foreach (var atom in atoms)
        {
            if (position >= text.Length || !atom.Matches(text[position]))
            {
                return null;
            }

            position++;
        }

        return position;
    }

    private enum AtomKind
    {
        Literal,
        Any,
        Class,
        NegatedClass,
    }

    /// <summary>A run of atoms, after any number of stars (Go's <c>scanChunk</c>).</summary>
    private readonly record struct Chunk(bool Star, Atom[] Atoms);

    private readonly record struct Atom(AtomKind Kind, int Character, (int Low, int High)[] Ranges)
    {
        public bool Matches(int c) => Kind switch
        {
            AtomKind.Literal => c == Character,
            AtomKind.Any => c != '/',
            // Like Go, a class may match '/', and a range written backwards matches nothing.
            _ => Ranges.Any(r => r.Low <= c && c <= r.High) != (Kind == AtomKind.NegatedClass),
        };
    }
}
