namespace Platform.RegistryWatcher.Policies;

/// <summary>How a watch picks the tag whose digest is announced.</summary>
public abstract record TagPolicy
{
    /// <summary>What the policy is, as watches and the API show it: <c>latest</c>, <c>semver ^1.2</c>, <c>regex ^build-(\d+)$</c>.</summary>
    public abstract string Key { get; }

    public abstract string Kind { get; }

    /// <summary>True when the policy follows one fixed tag, so that one HEAD checks it and no tag list is needed.</summary>
    public virtual string? FixedTag => null;

    /// <summary>Whether a tag can win under this policy.</summary>
    public abstract bool Accepts(string tag);

    /// <summary>Orders two accepted tags: the greater one wins.</summary>
    public abstract int Compare(string left, string right);

    /// <summary>The winning tag among <paramref name="tags"/>, or null when none is accepted.</summary>
    public string? Select(IEnumerable<string> tags)
    {
        string? best = null;
        foreach (var tag in tags.Where(Accepts))
        {
            // Ties (v1.2.3 and 1.2.3) go to the ordinally greater tag, so the choice never depends on the order listed.
            if (best is null || Compare(tag, best) is var order && (order > 0 || (order == 0 && string.CompareOrdinal(tag, best) > 0)))
            {
                best = tag;
            }
        }

        return best;
    }

    /// <summary>A policy from configuration: <c>digest</c>, <c>semver</c> or <c>regex</c>; or the reason it cannot be made.</summary>
    public static (TagPolicy? Policy, string? Error) Create(string kind, string tag, string? range, bool includePrerelease, string? pattern) =>
        kind.ToLowerInvariant() switch
        {
            "digest" => (new DigestPolicy(tag), null),
            "semver" => SemverPolicy.TryCreate(range, includePrerelease, out var semver, out var error) ? (semver, null) : (null, error),
            "regex" => RegexPolicy.TryCreate(pattern, out var regex, out var error) ? (regex, null) : (null, error),
            _ => (null, $"Policy '{kind}' is not digest, semver or regex."),
        };
}

/// <summary>Follow one mutable tag (<c>latest</c>, <c>3.12-slim</c>): a new digest of it is the change.</summary>
public sealed record DigestPolicy(string Tag) : TagPolicy
{
    public override string Key => Tag;

    public override string Kind => "digest";

    public override string? FixedTag => Tag;

    public override bool Accepts(string tag) => tag == Tag;

    public override int Compare(string left, string right) => 0;
}
