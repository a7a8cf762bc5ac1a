namespace Platform.Catalog.Planning;

/// <summary>The images a commit needs built, in waves: every image of a wave starts only from images of earlier waves or already pushed.</summary>
/// <param name="Problems">What was wrong in the catalogue at that commit: those images are not planned.</param>
public sealed record BuildPlan(string Commit, IReadOnlyList<PlannedBuild> Builds, IReadOnlyList<CatalogProblem> Problems)
{
    public IEnumerable<IGrouping<int, PlannedBuild>> Waves => Builds.GroupBy(b => b.Wave).OrderBy(w => w.Key);
}

/// <summary>One image to build, with every reason to build it: the files that changed, or the base that is rebuilt.</summary>
/// <param name="Wave">0 for images that start from nothing built in this plan, else one more than the latest wave of their bases.</param>
/// <param name="CatalogueBases">Catalogue images this image starts from: each is pushed before it is built.</param>
public sealed record PlannedBuild(CatalogImage Image, int Wave, IReadOnlyList<string> Reasons, IReadOnlyList<CatalogueBase> CatalogueBases)
{
    public string Reason => string.Join("; ", Reasons);
}

/// <summary>What is known of an image's last successful build.</summary>
/// <param name="Inputs">The inputs it was built from.</param>
/// <param name="BaseDigests">The digest of each catalogue base it was built from.</param>
/// <param name="Digest">The digest it was pushed as, if it was pushed.</param>
public sealed record LastBuild(string Commit, Index.ImageInputs Inputs, IReadOnlyDictionary<string, string> BaseDigests, string? Digest);
