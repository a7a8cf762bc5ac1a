namespace Platform.Catalog.Context;

/// <summary>A set of code points, as ranges, possibly negated: one character class of a Go regular expression.</summary>
internal sealed class CharacterSet(IEnumerable<(int Low, int High)> ranges, bool negated)
{
    private readonly (int Low, int High)[] ranges = [.. ranges];

    /// <summary>Go's <c>.</c> without the <c>s</c> flag: anything but a newline.</summary>
    public static CharacterSet AnyButNewline { get; } = new([('\n', '\n')], negated: true);

    public static CharacterSet Of(int character) => new([(character, character)], negated: false);

    public bool Contains(int character)
    {
        for (var i = 0; i < ranges.Length; i++)
        {
            if (ranges[i].Low <= character && character <= ranges[i].High)
            {
                return !negated;
            }
        }

        return negated;
    }

    /// <summary>The code points <paramref name="ranges"/> leave out, as ranges.</summary>
    public static IEnumerable<(int Low, int High)> Complement(IEnumerable<(int Low, int High)> ranges)
    {
        var next = 0;
        foreach (var (low, high) in ranges.OrderBy(r => r.Low))
        {
            if (low > next)
            {
                yield return (next, low - 1);
            }

            next = Math.Max(next, high + 1);
        }

        if (next <= 0x10FFFF)
        {
            yield return (next, 0x10FFFF);
        }
    }
}
