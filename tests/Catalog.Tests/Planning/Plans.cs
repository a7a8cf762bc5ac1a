using Platform.Catalog.Index;
using Platform.Catalog.Planning;
using Platform.Catalog.Tests.Index;

namespace Platform.Catalog.Tests.Planning;

/// <summary>Plans of an index's catalogue, and assertions whose failures show the whole plan.</summary>
internal static class Plans
{
    public static BuildPlan Plan(CatalogIndex index, BuildHistory history) => BuildPlanner.Plan(index.Catalog, history.LastBuild);

    public static string Describe(BuildPlan plan) =>
        plan.Builds.Count == 0 ? "no builds" : string.Join("; ", plan.Builds.Select(b => $"{b.Image.Spec.Name} in wave {b.Wave} ({b.Reason})"));

    /// <summary>Exactly these images are planned, whatever the order.</summary>
    public static void AssertPlanned(BuildPlan plan, params string[] names)
    {
        var planned = plan.Builds.Select(b => b.Image.Spec.Name).Order(StringComparer.Ordinal).ToList();
        Assert.True(planned.SequenceEqual(names.Order(StringComparer.Ordinal)),
            $"expected to build [{string.Join(", ", names.Order(StringComparer.Ordinal))}] at {plan.Commit[..7]}, the plan is: {Describe(plan)}");
    }

    public static void AssertNothingPlanned(BuildPlan plan) =>
        Assert.True(plan.Builds.Count == 0, $"expected nothing to build at {plan.Commit[..7]}, the plan is: {Describe(plan)}");

    public static PlannedBuild Build(BuildPlan plan, string name) =>
        plan.Builds.SingleOrDefault(b => b.Image.Spec.Name == name)
        ?? throw new Xunit.Sdk.XunitException($"expected {name} in the plan at {plan.Commit[..7]}, the plan is: {Describe(plan)}");

    /// <summary>The reason of <paramref name="name"/> mentions every one of <paramref name="parts"/>.</summary>
    public static void AssertReason(BuildPlan plan, string name, params string[] parts)
    {
        var reason = Build(plan, name).Reason;
        foreach (var part in parts)
        {
            Assert.True(reason.Contains(part, StringComparison.Ordinal), $"expected the reason to build {name} to mention '{part}', it is: {reason}");
        }
    }

    public static void AssertNoProblems(CatalogIndex index) =>
        Assert.True(index.Catalog.Problems.Count == 0,
            $"expected a catalogue without problems at {index.Commit[..7]}, saw:\n{CatalogText.Problems(index.Catalog)}");

    /// <summary>The index, moved commit by commit, holds the catalogue a fresh load at its commit reads.</summary>
    public static async Task AssertSameAsFreshLoadAsync(ImageRepository repository, CatalogIndex index, IReadOnlyDictionary<string, string>? buildArgs = null)
    {
        var fresh = CatalogText.Lines((await repository.LoadAsync(index.Commit, buildArgs)).Catalog);
        var moved = CatalogText.Lines(index.Catalog);
        if (!fresh.SequenceEqual(moved))
        {
            Assert.Fail($"the index moved to {index.Commit[..7]} differs from a fresh load there:\n{CatalogText.Difference(fresh, moved)}");
        }
    }
}
