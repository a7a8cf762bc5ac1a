using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Platform.Catalog.Remote;

/// <summary>Degraded while the followed remote cannot be fetched (or is being cloned for the first time), with the reason.</summary>
public sealed class RepositoryHealthCheck(CatalogRepository repository, TimeProvider time) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object> { ["repository"] = repository.Address.Text };
        if (repository.MirrorState is not { } mirror)
        {
            return Task.FromResult(HealthCheckResult.Healthy($"local repository {repository.Address}", data));
        }

        if (mirror.LastFetch is { } fetched)
        {
            data["lastFetch"] = fetched;
        }

        if (mirror.LastError is { } error)
        {
            data["failures"] = mirror.Failures;
            var next = mirror.NextAttempt is { } at ? $"; next attempt in {Math.Max(0, (at - time.GetUtcNow()).TotalSeconds):0} s" : "";
            var stale = mirror.Cloned ? $"working from the mirror as last fetched{(mirror.LastFetch is { } last ? $" at {last:u}" : "")}" : "no mirror yet";
            return Task.FromResult(HealthCheckResult.Degraded($"{error} ({mirror.Failures} failed attempt(s) in a row{next}; {stale})", data: data));
        }

        if (mirror.Cloning)
        {
            return Task.FromResult(HealthCheckResult.Degraded($"cloning {repository.Address} for the first time", data: data));
        }

        return Task.FromResult(HealthCheckResult.Healthy(
            mirror.LastFetch is { } at2 ? $"{repository.Address} fetched at {at2:u}" : $"{repository.Address} not fetched yet", data));
    }
}
