using MassTransit;
using Platform.Builder.History;
using Platform.Builder.Workers.Building;
using Platform.Catalog;
using Platform.Contracts;

namespace Platform.Builder.Coordinator;

/// <summary>
/// Announces what is wrong in the catalogue (a spec, a Dockerfile, a COPY, a cycle) once per image and
/// problem: again only when the problem changes, not at every cycle or retry. Each is recorded in the
/// build history with stage <c>spec</c> so that <c>GET /api/builds</c> shows it. Warnings are only logged, once each.
/// </summary>
public sealed class CatalogProblemReporter(BuildHistory history, IBus bus, TimeProvider time, ILogger<CatalogProblemReporter> logger)
{
    private readonly Dictionary<string, string> reported = new(StringComparer.Ordinal);
    private readonly HashSet<string> warned = new(StringComparer.Ordinal);

    public async Task ReportAsync(ImageCatalog catalog, Guid correlationId, CancellationToken cancellationToken)
    {
        var current = catalog.Problems
            .GroupBy(p => p.Image, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => string.Join("\n", g.Select(p => p.ToString())), StringComparer.Ordinal);
        foreach (var (image, text) in current)
        {
            if (reported.GetValueOrDefault(image) == text)
            {
                continue;
            }

            reported[image] = text;
            logger.LogError("Image {Image} is skipped at {Commit}: {Problem}", image, catalog.Commit[..7], text);
            var now = time.GetUtcNow();
            await history.RecordAsync(new BuildRecord(image, catalog.Commit, correlationId, BuildOutcome.Failed, "catalogue problem", null, BuildFailureStage.Spec.ToName(), text, now, now), cancellationToken);
            await bus.Publish(new ImageBuildFailed(correlationId, image, catalog.Commit, BuildFailureStage.Spec, text, [], now), cancellationToken);
        }

        foreach (var fixedImage in reported.Keys.Where(image => !current.ContainsKey(image)).ToList())
        {
            reported.Remove(fixedImage);
        }

        ReportWarnings(catalog);
    }

    /// <summary>A warning (an empty VERSION) does not stop the image: it is logged once, not recorded as a failed build.</summary>
    private void ReportWarnings(ImageCatalog catalog)
    {
        var current = catalog.Warnings.Select(w => w.ToString()).ToHashSet(StringComparer.Ordinal);
        foreach (var warning in catalog.Warnings.Where(w => warned.Add(w.ToString())))
        {
            logger.LogWarning("Image {Image} at {Commit}: {Warning}", warning.Image, catalog.Commit[..7], warning.ToString());
        }

        warned.IntersectWith(current);
    }
}
