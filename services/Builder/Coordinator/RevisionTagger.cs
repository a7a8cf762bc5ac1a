using Platform.Builder.Coordinator.Planning;
using Platform.Builder.History;
using Platform.Builder.Workers.Building;
using Platform.Catalog.Planning;
using Platform.Registry;

namespace Platform.Builder.Coordinator;

/// <summary>
/// Gives the images a revision did not need to build the revision's own tag (<c>main</c>, <c>v1.4.0</c>) on the digest
/// of their last build, so that an environment following that tag finds every image, not only the rebuilt ones.
/// What was put is remembered (<c>ref_tags</c> in builds.db): a branch that moves puts nothing for an image that did not change.
/// </summary>
public sealed class RevisionTagger(RegistryClient client, PlatformRegistry registry, BuilderStore store, TimeProvider time, ILogger<RevisionTagger> logger)
{
    private const int Parallelism = 4;

    /// <summary>Tags every image of the catalogue that the plan left out; returns how many could not be tagged (tried again with the failed builds).</summary>
    public async Task<int> TagUnchangedAsync(
        CommitPlan plan, string commit, RevisionTags revision, IReadOnlySet<string> failed, CancellationToken cancellationToken)
    {
        var tags = revision.Tags.Where(t => t != "latest").ToList();
        if (tags.Count == 0)
        {
            return 0;
        }

        var planned = plan.Plan.Builds.Select(b => b.Image.Spec.Name).ToHashSet(StringComparer.Ordinal);
        var unchanged = plan.Catalog.Images
            .Select(i => i.Spec.Name)
            .Where(name => !planned.Contains(name) && !failed.Contains(name) && plan.Pushed.ContainsKey(name))
            .SelectMany(name => tags.Select(tag => (Image: name, Tag: tag, plan.Pushed[name].Digest)))
            .ToList();
        var known = await KnownAsync(cancellationToken);
        var due = unchanged.Where(t => !known.TryGetValue((t.Image, t.Tag), out var digest) || digest != t.Digest).ToList();
        var failures = 0;
        var moved = 0;
        await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (item, ct) =>
        {
            try
            {
                if (await TagAsync(item.Image, item.Tag, item.Digest, ct))
                {
                    Interlocked.Increment(ref moved);
                }

                await RememberAsync(item.Image, item.Tag, item.Digest, commit, ct);
            }
            catch (RegistryException e)
            {
                Interlocked.Increment(ref failures);
                logger.LogWarning("{Image}:{Tag} could not be put on {Digest} (the image needs no build at {Commit}): {Error}; tried again with the failed builds",
                    item.Image, item.Tag, item.Digest, BuildPlanner.Short(commit), e.Message);
            }
        });

        if (due.Count > 0)
        {
            logger.LogInformation("{Ref} at {Commit}: {Moved} image(s) that needed no build tagged {Tags} on their last build's digest ({Checked} checked)",
                revision.Ref, BuildPlanner.Short(commit), moved, string.Join(", ", tags), due.Count);
        }

        return failures;
    }

    /// <summary>Puts the index under the tag unless the tag holds it already; true when it put it.</summary>
    private async Task<bool> TagAsync(string image, string tag, string digest, CancellationToken cancellationToken)
    {
        if (await client.GetDigestAsync(registry.BaseUri, image, tag, cancellationToken) == digest)
        {
            return false;
        }

        var index = await client.GetManifestAsync(registry.BaseUri, image, digest, cancellationToken)
            ?? throw new RegistryException($"{image}@{digest}, the last build of {image}, is gone from registry {registry.Host}");
        await client.PutManifestAsync(registry.BaseUri, image, tag, index.Content, index.MediaType, cancellationToken);
        return true;
    }

    private async Task<Dictionary<(string Image, string Tag), string>> KnownAsync(CancellationToken cancellationToken) =>
        (await store.Database.QueryAsync<(string Image, string Tag, string Digest)>("SELECT image, tag, digest FROM ref_tags", null, cancellationToken))
        .ToDictionary(row => (row.Image, row.Tag), row => row.Digest);

    private Task RememberAsync(string image, string tag, string digest, string commit, CancellationToken cancellationToken) =>
        store.Database.ExecuteAsync(
            """
            INSERT INTO ref_tags (image, tag, digest, commit_id, tagged_at) VALUES (@image, @tag, @digest, @commit, @at)
            ON CONFLICT (image, tag) DO UPDATE SET digest = @digest, commit_id = @commit, tagged_at = @at
            """,
            new { image, tag, digest, commit, at = time.GetUtcNow() },
            cancellationToken);
}
