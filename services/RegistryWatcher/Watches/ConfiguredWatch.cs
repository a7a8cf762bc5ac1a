using Platform.Registry;
using Platform.RegistryWatcher.Policies;

namespace Platform.RegistryWatcher.Watches;

/// <summary>
/// A watch from configuration (<c>RegistryWatcher:Watches:N</c>), for images that deployments name:
/// <see cref="Reference"/> for any registry (Docker's rules: <c>ghcr.io/org/app</c>, <c>python</c>), or
/// <see cref="Image"/> for a repository of the platform registry.
/// </summary>
public sealed class ConfiguredWatch
{
    public string? Reference { get; set; }

    public string? Image { get; set; }

    /// <summary><c>digest</c> (follow <see cref="Tag"/>), <c>semver</c> (the highest tag in <see cref="Range"/>) or <c>regex</c> (the highest tag matching <see cref="Pattern"/>).</summary>
    public string Policy { get; set; } = "digest";

    /// <summary>The tag a <c>digest</c> watch follows; by default the reference's tag, else <c>latest</c>.</summary>
    public string? Tag { get; set; }

    /// <summary>An npm-style range for <c>semver</c>: <c>^1.2</c>, <c>~1.4.0</c>, <c>&gt;=2 &lt;3</c>.</summary>
    public string? Range { get; set; }

    /// <summary>Pre-release versions count for <c>semver</c> only when asked for.</summary>
    public bool IncludePrerelease { get; set; }

    /// <summary>A regular expression the whole tag must match for <c>regex</c>; its first capture group (or one named <c>order</c>) orders the tags.</summary>
    public string? Pattern { get; set; }

    /// <summary>The watch this describes, or an error that names the key.</summary>
    public (WatchTarget? Target, string? Error) Resolve(string key)
    {
        if ((Reference is null) == (Image is null))
        {
            return (null, $"{key}: give exactly one of Reference (an image in any registry) or Image (a repository of the platform registry).");
        }

        string? registry = null;
        string repository;
        string? referenceTag = null;
        if (Reference is not null)
        {
            if (!ImageReference.TryParse(Reference, out var parsed, out var error))
            {
                return (null, $"{key}:Reference: {error}.");
            }

            (registry, repository, referenceTag) = (parsed.Registry, parsed.Repository, parsed.Tag);
        }
        else
        {
            repository = Image!.Trim('/');
        }

        var (policy, policyError) = TagPolicy.Create(Policy, Tag ?? referenceTag ?? ImageReference.DefaultTag, Range, IncludePrerelease, Pattern);
        return policy is null ? (null, $"{key}: {policyError}") : (new WatchTarget(registry, repository, policy), null);
    }
}

/// <summary>A repository in a registry (null: the platform registry) and the policy that picks its tag.</summary>
public sealed record WatchTarget(string? Registry, string Repository, TagPolicy Policy);
