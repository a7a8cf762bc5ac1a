using Microsoft.Extensions.Options;
using Platform.Catalog;
using Platform.Catalog.Git;

namespace Platform.Deployer.Specs;

/// <summary>
/// The environment at the followed revision. Read again only when the revision moved, and the revision is
/// looked at no more often than <c>Deployer:SpecRefreshInterval</c>, so that deciding about a digest
/// change costs a dictionary lookup, not a git process. A change that names a commit newer than the
/// environment read (the builder planned it; this deployer's mirror may not have fetched it yet) has
/// the repository caught up and the environment read again at once.
/// </summary>
public sealed class EnvironmentSource(
    CatalogSource catalog,
    GitRepository repository,
    IOptions<DeployerOptions> options,
    TimeProvider time,
    ILogger<EnvironmentSource> logger)
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private EnvironmentSpec? current;
    private DateTimeOffset readAt;
    private readonly HashSet<string> covered = new(StringComparer.Ordinal);

    /// <param name="commit">The commit a message is about, when it names one: the environment is read at or after it.</param>
    public async Task<EnvironmentSpec> GetAsync(CancellationToken cancellationToken, string? commit = null)
    {
        commit = commit is { Length: >= 7 and <= 64 } && commit.All(char.IsAsciiHexDigit) ? commit : null;
        var seen = current;
        if (seen is not null && time.GetUtcNow() - readAt < options.Value.SpecRefreshInterval && Covers(seen, commit))
        {
            return seen;
        }

        await gate.WaitAsync(cancellationToken);
        try
        {
            // Catch up before asking git about the commit: a partial mirror would fetch the commit alone, without its branch.
            if (commit is not null && (current is null || !Covers(current, commit)))
            {
                await catalog.CatchUpAsync(commit, cancellationToken);
            }

            if (current is not null && time.GetUtcNow() - readAt < options.Value.SpecRefreshInterval && await CoversAsync(current, commit, cancellationToken))
            {
                return current;
            }

            var images = await catalog.GetAsync(cancellationToken);
            if (current?.Commit != images.Commit)
            {
                var file = options.Value.EnvironmentFilePath;
                var yaml = await repository.ReadFileAsync(images.Commit, file, cancellationToken);
                var defaults = new SpecDefaults(options.Value.HealthTimeout, options.Value.JobTimeout, options.Value.PromotionRuns);
                current = await CheckPromotionsAsync(EnvironmentSpecReader.Read(file, yaml, images, defaults), cancellationToken);
                Announce(current);
            }

            readAt = time.GetUtcNow();
            if (commit is not null)
            {
                // Read at or after it, or the repository does not know it (another branch, a rewritten history): asked once.
                Remember(current.Commit + commit);
            }

            return current;
        }
        finally
        {
            gate.Release();
        }
    }

    private bool Covers(EnvironmentSpec spec, string? commit)
    {
        lock (covered)
        {
            return commit is null || commit == spec.Commit || covered.Contains(spec.Commit + commit);
        }
    }

    /// <summary>True when the environment was read at the commit or after it (one git process per new commit, then a lookup).</summary>
    private async Task<bool> CoversAsync(EnvironmentSpec spec, string? commit, CancellationToken cancellationToken)
    {
        if (Covers(spec, commit))
        {
            return true;
        }

        var (exitCode, _) = await repository.TryRunAsync(["merge-base", "--is-ancestor", commit!, spec.Commit], cancellationToken);
        if (exitCode != 0)
        {
            return false;
        }

        Remember(spec.Commit + commit);
        return true;
    }

    private void Remember(string pair)
    {
        lock (covered)
        {
            if (covered.Count > 10_000)
            {
                covered.Clear();
            }

            covered.Add(pair);
        }
    }

    /// <summary>The promoted deployments checked against the other environment files of the commit (<see cref="PromotionChain"/>).</summary>
    private async Task<EnvironmentSpec> CheckPromotionsAsync(EnvironmentSpec spec, CancellationToken cancellationToken)
    {
        if (!spec.Services.Any(s => s.Promote is not null) && !spec.Jobs.Any(j => j.Promote is not null))
        {
            return spec;
        }

        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in await repository.ListFilesAsync(spec.Commit, "deploy", cancellationToken))
        {
            var name = path["deploy/".Length..];
            if (name.EndsWith(".yaml", StringComparison.Ordinal) && !name.Contains('/') && await repository.ReadFileAsync(spec.Commit, path, cancellationToken) is { } yaml)
            {
                files[name[..^".yaml".Length]] = yaml;
            }
        }

        return PromotionChain.Check(options.Value.Environment, spec, files);
    }

    private void Announce(EnvironmentSpec spec)
    {
        logger.LogInformation("Environment {Environment} at {Commit} ({Source}): services [{Services}], jobs [{Jobs}]",
            options.Value.Environment, spec.Commit[..Math.Min(7, spec.Commit.Length)],
            spec.File ?? $"no {options.Value.EnvironmentFilePath}: every catalogue service and scheduled job",
            string.Join(", ", spec.Services.Select(s => s.Name)), string.Join(", ", spec.Jobs.Select(j => $"{j.Name} ({j.Schedule})")));
        foreach (var problem in spec.Problems)
        {
            logger.LogError("Deployment left out: {Problem}", problem);
        }
    }
}
