using Platform.Builder.History;
using Platform.Catalog;
using Platform.Catalog.Index;
using Platform.Catalog.Planning;

namespace Platform.Builder.Coordinator.Upstream;

/// <summary>The digests of upstream images as inputs of the catalogue images that start from them.</summary>
public static class UpstreamInputs
{
    /// <summary>
    /// The digest of every upstream image an image starts from is one of its inputs: a new digest of
    /// python:3.12-slim rebuilds the images built on it, with that as the reason.
    /// </summary>
    public static ImageCatalog Add(ImageCatalog catalog, IReadOnlyDictionary<string, UpstreamDigest> upstream)
    {
        if (upstream.Count == 0)
        {
            return catalog;
        }

        var images = catalog.Images.Select(image =>
        {
            var settings = new Dictionary<string, string>(image.Inputs.Settings, StringComparer.Ordinal);
            foreach (var reference in image.BaseImages.Where(b => catalog.FindReference(b.Reference) is null))
            {
                if (upstream.TryGetValue(reference.Reference, out var known))
                {
                    settings[UpstreamSetting + reference.Reference] = known.Digest;
                }
            }

            return settings.Count == image.Inputs.Settings.Count ? image : image with { Inputs = new ImageInputs(image.Inputs.Files, settings) };
        }).ToList();
        return new ImageCatalog(catalog.Commit, images, catalog.Problems);
    }

    private const string UpstreamSetting = "upstream ";

    /// <summary>
    /// A build recorded before an upstream digest was known used what the tag was then: the digest before
    /// the change when the build is older than the change, else the digest now. So a digest first learned
    /// after a build does not rebuild it, and a change that happened after the build does.
    /// </summary>
    public static LastBuild LastBuildOf(BuildRecord build, CatalogImage? current, IReadOnlyDictionary<string, UpstreamDigest> upstream)
    {
        var inputs = build.Inputs ?? ImageInputs.None;
        var settings = new Dictionary<string, string>(inputs.Settings, StringComparer.Ordinal);
        foreach (var (key, digest) in current?.Inputs.Settings.Where(s => s.Key.StartsWith(UpstreamSetting, StringComparison.Ordinal)) ?? [])
        {
            if (!settings.ContainsKey(key) && upstream.GetValueOrDefault(key[UpstreamSetting.Length..]) is { } known)
            {
                settings[key] = build.FinishedAt < known.SeenAt && known.PreviousDigest is { } before ? before : digest;
            }
        }

        return new LastBuild(build.Commit, settings.Count == inputs.Settings.Count ? inputs : new ImageInputs(inputs.Files, settings), build.BaseDigests, build.Digest);
    }
}
