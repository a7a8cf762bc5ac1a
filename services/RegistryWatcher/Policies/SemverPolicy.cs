using System.Diagnostics.CodeAnalysis;
using Semver;

namespace Platform.RegistryWatcher.Policies;

/// <summary>
/// The highest tag that is a semantic version (a leading v allowed) inside an npm-style range; pre-releases
/// count only when the range names one of the same version, as npm does, or when asked for.
/// </summary>
public sealed record SemverPolicy(string Range, bool IncludePrerelease) : TagPolicy
{
    private readonly SemVersionRange range = SemVersionRange.ParseNpm(Range, IncludePrerelease);

    public override string Key => IncludePrerelease ? $"semver {Range} (pre-releases too)" : $"semver {Range}";

    public override string Kind => "semver";

    public override bool Accepts(string tag) => Parse(tag) is { } version && range.Contains(version);

    public override int Compare(string left, string right) => SemVersion.ComparePrecedence(Parse(left), Parse(right));

    public static bool TryCreate(string? range, bool includePrerelease, [NotNullWhen(true)] out SemverPolicy? policy, out string? error)
    {
        policy = null;
        if (string.IsNullOrWhiteSpace(range) || !SemVersionRange.TryParseNpm(range, includePrerelease, out _))
        {
            error = $"Range '{range}' is not an npm-style version range (for example ^1.2, ~1.4.0 or >=2 <3).";
            return false;
        }

        policy = new SemverPolicy(range.Trim(), includePrerelease);
        error = null;
        return true;
    }

    private static SemVersion? Parse(string tag) =>
        SemVersion.TryParse(tag, SemVersionStyles.AllowV, out var version) ? version : null;
}
