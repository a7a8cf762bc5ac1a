namespace Platform.RegistryWatcher.Policies;

/// <summary>Orders text with runs of digits compared as numbers: build-9 before build-10, 2024.9 before 2024.10.</summary>
public static class NaturalOrder
{
    public static int Compare(string left, string right)
    {
        int i = 0, j = 0;
        while (i < left.Length && j < right.Length)
        {
            if (char.IsAsciiDigit(left[i]) && char.IsAsciiDigit(right[j]))
            {
                var (a, nextI) = Run(left, i);
                var (b, nextJ) = Run(right, j);
                var digits = a.TrimStart('0').Length.CompareTo(b.TrimStart('0').Length);
                var order = digits != 0 ? digits : string.CompareOrdinal(a.TrimStart('0'), b.TrimStart('0'));
                if (order != 0)
                {
                    return order;
                }

                (i, j) = (nextI, nextJ);
                continue;
            }

            if (left[i] != right[j])
            {
                return left[i].CompareTo(right[j]);
            }

            i++;
            j++;
        }

        return (left.Length - i).CompareTo(right.Length - j);
    }

    private static (string Digits, int End) Run(string text, int start)
    {
        var end = start;
        while (end < text.Length && char.IsAsciiDigit(text[end]))
        {
            end++;
        }

        return (text[start..end], end);
    }
}
