using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Platform.RegistryWatcher.Policies;

/// <summary>
/// The highest tag the whole of which matches a pattern, ordered by its first capture group (or the group
/// named <c>order</c>) when there is one, else by the whole tag; numbers inside compare as numbers.
/// </summary>
public sealed record RegexPolicy(string Pattern) : TagPolicy
{
    // Linear in the tag, whatever the pattern: a webhook's tag is anyone's input, and a backtracking pattern could time out on it.
    private readonly Regex regex = new($"^(?:{Pattern})$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);

    public override string Key => $"regex {Pattern}";

    public override string Kind => "regex";

    public override bool Accepts(string tag) => regex.IsMatch(tag);

    public override int Compare(string left, string right) => NaturalOrder.Compare(OrderKey(left), OrderKey(right));

    public static bool TryCreate(string? pattern, [NotNullWhen(true)] out RegexPolicy? policy, out string? error)
    {
        policy = null;
        if (string.IsNullOrEmpty(pattern))
        {
            error = "Pattern is missing for the regex policy.";
            return false;
        }

        try
        {
            policy = new RegexPolicy(pattern);
            error = null;
            return true;
        }
        catch (ArgumentException e)
        {
            error = $"Pattern '{pattern}' is not a valid regular expression: {e.Message}";
            return false;
        }
        catch (NotSupportedException e)
        {
            error = $"Pattern '{pattern}' uses a construct that tags cannot be matched with in linear time (backreferences, lookarounds, atomic groups, conditionals): {e.Message}";
            return false;
        }
    }

    private string OrderKey(string tag)
    {
        var match = regex.Match(tag);
        if (match.Groups["order"] is { Success: true } named)
        {
            return named.Value;
        }

        return match.Groups.Count > 1 && match.Groups[1].Success ? match.Groups[1].Value : tag;
    }
}
