using MassTransit;
using Platform.Contracts;
using Platform.Deployer.Specs;
using Platform.Registry;

namespace Platform.Deployer.Rollouts;

public static class RollbackEndpoints
{
    /// <summary>How many rollouts of the service are read to find the digest before the serving one.</summary>
    private const int HistoryRead = 200;

    /// <summary>
    /// <c>POST /api/deployments/rollback?service=</c>: rolls the service back to the digest that served before the current one,
    /// through the same rollout as a new digest (health check, old version kept on failure, history, events); answers 202 with
    /// both digests, or 404 (no such service) or 409 (nothing to go back to). The rollout runs on after the answer; the
    /// service follows its tag again at the next new digest.
    /// </summary>
    public static IEndpointRouteBuilder MapRollbackEndpoint(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/deployments/rollback", async (
            string service, EnvironmentSource environment, DeploymentHistory history, ServiceRollout rollout, PlatformRegistry registry,
            IHostApplicationLifetime lifetime, TimeProvider time, ILogger<ServiceRollout> logger, CancellationToken cancellationToken) =>
        {
            var deployment = (await environment.GetAsync(cancellationToken)).Service(service);
            if (deployment is null)
            {
                return Results.NotFound(new { error = $"the environment has no service {service}" });
            }

            var (target, why) = RollbackTarget.Choose(service, await history.ListAsync(service, HistoryRead, cancellationToken));
            if (target is null)
            {
                return Results.Conflict(new { error = why });
            }

            var (serving, previous) = (target.Serving, target.Previous);
            var change = new ImageDigestChanged(NewId.NextGuid(), deployment.Image.Repository, deployment.Image.Registry ?? registry.Host, "rollback",
                serving.Digest, previous.Digest, previous.Commit, DigestSource.Poll, time.GetUtcNow());
            logger.LogInformation("Rolling {Service} back from {Serving} to {Previous}, as asked through the API", service, serving.Digest, previous.Digest);
            _ = Task.Run(async () =>
            {
                try
                {
                    await rollout.RollOutAsync(deployment, change, lifetime.ApplicationStopping);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError(e, "The rollback of {Service} to {Previous} failed unexpectedly", service, previous.Digest);
                }
            }, CancellationToken.None);
            return Results.Accepted(value: new
            {
                service,
                from = serving.Digest,
                to = previous.Digest,
                commit = previous.Commit,
                message = $"{service} rolls back from {serving.Digest} to {previous.Digest}" + (previous.Commit is { } commit ? $" (commit {commit[..Math.Min(12, commit.Length)]})" : ""),
            });
        });
        return endpoints;
    }
}
