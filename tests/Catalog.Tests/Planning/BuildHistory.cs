using System.Security.Cryptography;
using System.Text;
using Platform.Catalog.Planning;

namespace Platform.Catalog.Tests.Planning;

/// <summary>
/// Each image's last successful build, recorded by the test as the builder would record it after a
/// build: the inputs of the catalogue at the built commit, the digests of the catalogue bases it was
/// built from, and a new digest of its own. A failed build is simply not recorded.
/// </summary>
internal sealed class BuildHistory
{
    private readonly Dictionary<string, LastBuild> builds = new(StringComparer.Ordinal);
    private int pushes;

    public LastBuild? LastBuild(string name) => builds.GetValueOrDefault(name);

    /// <summary>Every image of the catalogue was built and pushed at the catalogue's commit.</summary>
    public void Succeeded(ImageCatalog catalog) => Succeeded(catalog, [.. catalog.Images.Select(i => i.Spec.Name)]);

    /// <summary>These images were built and pushed at the catalogue's commit; each catalogue base that is one of them first.</summary>
    public void Succeeded(ImageCatalog catalog, params string[] names)
    {
        var recorded = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            Record(name);
        }

        void Record(string name)
        {
            if (!recorded.Add(name))
            {
                return;
            }

            var image = catalog.Find(name) ?? throw new InvalidOperationException($"the test records a build of {name}, which the catalogue at {catalog.Commit[..7]} does not have");
            foreach (var catalogueBase in catalog.CatalogueBases(name).Where(b => names.Contains(b.Name)))
            {
                Record(catalogueBase.Name);
            }

            var baseDigests = catalog.CatalogueBases(name).ToDictionary(
                b => b.Name,
                b => LastBuild(b.Name)?.Digest ?? throw new InvalidOperationException($"{name} is recorded as built before its base {b.Name} was ever pushed"),
                StringComparer.Ordinal);
            builds[name] = new LastBuild(catalog.Commit, image.Inputs, baseDigests, NewDigest(name));
        }
    }

    /// <summary>Every build the plan names succeeded, at the plan's commit.</summary>
    public void Succeeded(ImageCatalog catalog, BuildPlan plan) => Succeeded(catalog, [.. plan.Builds.Select(b => b.Image.Spec.Name)]);

    private string NewDigest(string name) =>
        "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{name} push {++pushes}")));
}
