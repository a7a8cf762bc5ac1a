using Microsoft.Extensions.Diagnostics.HealthChecks;
using RabbitMQ.Client;

namespace Platform.AppHost.Infrastructure;

/// <summary>Healthy when an AMQP connection to the broker opens with the platform's credentials.</summary>
internal sealed class RabbitMqHealthCheck(IResourceWithConnectionString broker) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var connectionString = await broker.ConnectionStringExpression.GetValueAsync(cancellationToken);
            var factory = new ConnectionFactory { Uri = new Uri(connectionString!), RequestedConnectionTimeout = TimeSpan.FromSeconds(3) };
            await using var connection = await factory.CreateConnectionAsync("platform-apphost-health", cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"no AMQP connection to {broker.Name}: {e.Message}");
        }
    }
}
