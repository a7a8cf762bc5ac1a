using Microsoft.Extensions.Options;
using Platform.Catalog;
using Platform.Catalog.Git;

namespace Platform.Deployer.Specs;

/// <summary>
/// The environment at the followed revision. Read again only when the revision moved, and the revision is
/// looked at no more often than <c>Deployer:SpecRefreshInterval</c>, so that deciding about a digest
/// change costs a dictionary lookup, not a git process.
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

    public async Task<EnvironmentSpec> GetAsync(CancellationToken cancellationToken)
    {
        var seen = current;
        if (seen is not null && time.GetUtcNow() - readAt < options.Value.SpecRefreshInterval)
        {
            return seen;
        }

        await gate.WaitAsync(cancellationToken);
        try
        {
            if (current is not null && time.GetUtcNow() - readAt < options.Value.SpecRefreshInterval)
            {
                return current;
            }

            var images = await catalog.GetAsync(cancellationToken);
            if (current?.Commit != images.Commit)
            {
                var file = options.Value.EnvironmentFilePath;
                var yaml = await repository.ReadFileAsync(images.Commit, file, cancellationToken);
                var defaults = new SpecDefaults(options.Value.HealthTimeout, options.Value.JobTimeout);
                current = EnvironmentSpecReader.Read(file, yaml, images, defaults);
                Announce(current);
            }

            readAt = time.GetUtcNow();
            return current;
        }
        finally
        {
            gate.Release();
        }
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
