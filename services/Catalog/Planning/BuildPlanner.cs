namespace Platform.Catalog.Planning;

/// <summary>
/// Decides what a commit needs built. An image is built when its inputs differ from those of its own
/// last successful build (not from the previous commit: a failed build, a new branch or a force push
/// never loses a rebuild), when a base it starts from was pushed since, and whenever a base of it is
/// built in the same plan, transitively.
/// </summary>
public static class BuildPlanner
{
    private const int FilesNamed = 3;

    public static BuildPlan Plan(ImageCatalog catalog, Func<string, LastBuild?> lastBuild)
    {
        var reasons = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var image in catalog.Images)
        {
            var own = OwnReasons(catalog, image, lastBuild);
            if (own.Count > 0)
            {
                reasons[image.Spec.Name] = own;
            }
        }

        // Every dependent of a planned image is planned too, with the base it waits for as its reason.
        var queue = new Queue<string>(reasons.Keys.Order(StringComparer.Ordinal));
        while (queue.Count > 0)
        {
            var planned = queue.Dequeue();
            foreach (var dependent in catalog.Dependents(planned))
            {
                var reason = $"its base {planned} is rebuilt";
                if (!reasons.TryGetValue(dependent, out var list))
                {
                    reasons[dependent] = list = [];
                    queue.Enqueue(dependent);
                }

                if (!list.Contains(reason))
                {
                    list.Add(reason);
                }
            }
        }

        var waves = new Dictionary<string, int>(StringComparer.Ordinal);
        var builds = reasons.Keys
            .Select(name => catalog.Find(name)!)
            .Select(image => new PlannedBuild(image, Wave(catalog, image.Spec.Name, reasons, waves), reasons[image.Spec.Name], catalog.CatalogueBases(image.Spec.Name)))
            .OrderBy(b => b.Wave)
            .ThenBy(b => b.Image.Spec.Name, StringComparer.Ordinal)
            .ToList();
        return new BuildPlan(catalog.Commit, builds, catalog.Problems);
    }

    private static List<string> OwnReasons(ImageCatalog catalog, CatalogImage image, Func<string, LastBuild?> lastBuild)
    {
        var last = lastBuild(image.Spec.Name);
        if (last is null)
        {
            return ["never built"];
        }

        var reasons = new List<string>();
        if (last.Inputs.Digest != image.Inputs.Digest)
        {
            var changes = image.Inputs.ChangesSince(last.Inputs);
            var named = string.Join(", ", changes.Take(FilesNamed));
            reasons.Add(changes.Count switch
            {
                0 => $"its inputs changed since {Short(last.Commit)}",
                <= FilesNamed => $"{named} changed since {Short(last.Commit)}",
                _ => $"{named} and {changes.Count - FilesNamed} more changed since {Short(last.Commit)}",
            });
        }

        foreach (var catalogueBase in catalog.CatalogueBases(image.Spec.Name))
        {
            var baseDigest = lastBuild(catalogueBase.Name)?.Digest;
            if (baseDigest is not null && last.BaseDigests.TryGetValue(catalogueBase.Name, out var builtFrom) && builtFrom != baseDigest)
            {
                reasons.Add($"its base {catalogueBase.Name} was pushed as {Short(baseDigest)} since it was built from {Short(builtFrom)}");
            }
        }

        return reasons;
    }

    private static int Wave(ImageCatalog catalog, string name, Dictionary<string, List<string>> planned, Dictionary<string, int> waves)
    {
        if (waves.TryGetValue(name, out var known))
        {
            return known;
        }

        // The catalogue has no cycles (CatalogAssembler removes them), so this recursion ends.
        var wave = catalog.CatalogueBases(name)
            .Where(b => planned.ContainsKey(b.Name))
            .Select(b => Wave(catalog, b.Name, planned, waves) + 1)
            .DefaultIfEmpty(0)
            .Max();
        waves[name] = wave;
        return wave;
    }

    /// <summary>A commit or digest shortened for people: 7 hex characters.</summary>
    public static string Short(string id)
    {
        var hex = id.Contains(':') ? id[(id.IndexOf(':') + 1)..] : id;
        return hex.Length > 7 ? hex[..7] : hex;
    }
}
