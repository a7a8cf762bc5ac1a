using Platform.Catalog;
using Platform.Catalog.Git;

namespace Platform.Builder.Coordinator.Commits;

/// <summary>The revisions the builder follows: <c>Catalog:Ref</c> first (its builds are tagged <c>latest</c>), then <c>Builder:Refs</c>.</summary>
public static class FollowedRefs
{
    public static IReadOnlyList<FollowedRevision> Of(CatalogOptions catalog, BuilderOptions builder) =>
        [new(catalog.Ref), .. builder.Refs.Where(r => r != catalog.Ref).Distinct(StringComparer.Ordinal).Select(r => new FollowedRevision(r))];

    /// <summary>
    /// The tags a build at <paramref name="revision"/> gets besides its <c>sha-</c> tag and its spec's tags: <c>latest</c> for
    /// the primary revision, and the revision's own name (a branch or a tag) made a valid image tag.
    /// </summary>
    public static IReadOnlyList<string> TagsOf(ResolvedRevision revision, bool primary)
    {
        var tags = new List<string>();
        if (primary)
        {
            tags.Add("latest");
        }

        if ((revision.IsBranch || revision.IsTag) && ImageTagOf(revision.Name) is { } own && !tags.Contains(own))
        {
            tags.Add(own);
        }

        return tags;
    }

    /// <summary>A ref name as an image tag (<c>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}</c>): other characters become <c>-</c>; null when nothing is left.</summary>
    public static string? ImageTagOf(string name)
    {
        var chars = name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' ? c : '-').ToArray();
        var tag = new string(chars).TrimStart('.', '-');
        tag = tag.Length > 128 ? tag[..128] : tag;
        return tag.Length == 0 ? null : tag;
    }
}
