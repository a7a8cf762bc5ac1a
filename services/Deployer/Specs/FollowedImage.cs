using System.Text.RegularExpressions;
using Semver;

namespace Platform.Deployer.Specs;

/// <summary>The image a deployment runs and the tags of it that it follows.</summary>
/// <param name="Repository">The repository path, for example <c>dataplatform/status-api</c>.</param>
/// <param name="Registry">The registry host for an image from outside the catalogue; null for Platform's own registry.</param>
public sealed record FollowedImage(string Repository, string? Registry, FollowPolicy Policy)
{
    /// <summary>Whether a new digest of <paramref name="repository"/>:<paramref name="tag"/> in <paramref name="registry"/> is one this deployment runs.</summary>
    public bool Follows(string repository, string registry, string tag) =>
        repository == Repository && (Registry is null || Registry == registry) && Policy.Matches(tag);

    public override string ToString() => (Registry is null ? Repository : $"{Registry}/{Repository}") + $" ({Policy})";
}

public enum FollowKind
{
    /// <summary>One tag, typically a mutable one such as <c>latest</c>.</summary>
    Tag,

    /// <summary>The tags that are versions in an npm-style range (<c>^1.2</c>, <c>~1.4.0</c>, <c>&gt;=2 &lt;3</c>).</summary>
    Semver,

    /// <summary>The tags that match a regular expression.</summary>
    Regex,
}

/// <summary>Which tags of an image a deployment follows; the registry watcher announces the winning tag of a policy.</summary>
public sealed record FollowPolicy(FollowKind Kind, string Value)
{
    private readonly Func<string, bool> matches = Matcher(Kind, Value);

    public static FollowPolicy Latest { get; } = new(FollowKind.Tag, "latest");

    /// <summary>The tag a run resolves when it starts: the tag itself; a policy has no single tag to resolve.</summary>
    public string? Tag => Kind == FollowKind.Tag ? Value : null;

    public bool Matches(string tag) => matches(tag);

    public override string ToString() => Kind == FollowKind.Tag ? $"tag {Value}" : $"{Kind.ToString().ToLowerInvariant()} {Value}";

    /// <summary>
    /// A tag pattern that matches in time linear in the tag: a backtracking pattern such as <c>(a+)+$</c> could
    /// otherwise time out on a tag someone pushed, in the middle of deciding about a digest change.
    /// </summary>
    private static Regex Linear(string pattern)
    {
        try
        {
            return new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
        }
        catch (NotSupportedException e)
        {
            throw new ArgumentException($"regex '{pattern}' uses a construct that tags cannot be matched with in linear time " +
                $"(backreferences, lookarounds, atomic groups, conditionals): {e.Message}", e);
        }
    }

    /// <summary>Throws <see cref="ArgumentException"/> with the reason when the value is not a valid range or expression.</summary>
    private static Func<string, bool> Matcher(FollowKind kind, string value)
    {
        switch (kind)
        {
            case FollowKind.Tag:
                return tag => tag == value;
            case FollowKind.Semver:
                if (!SemVersionRange.TryParseNpm(value, out var range))
                {
                    throw new ArgumentException($"'{value}' is not an npm-style version range (for example ^1.2, ~1.4.0, >=2 <3)");
                }

                return tag => SemVersion.TryParse(tag.StartsWith('v') ? tag[1..] : tag, SemVersionStyles.Strict, out var version)
                    && range.Contains(version);
            default:
                return Linear(value).IsMatch;
        }
    }
}
