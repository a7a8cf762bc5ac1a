using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Platform.AppHost.Supervision;

namespace Platform.AppHost.Infrastructure;

public static class MessagingExtensions
{
    /// <summary>
    /// The RabbitMQ broker: in run mode with <c>Platform:Infrastructure=host</c> a private node from the
    /// OS package; otherwise (and always in the published manifest) Aspire's RabbitMQ container.
    /// </summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddMessaging(
        this IDistributedApplicationBuilder builder, string name, PlatformSettings settings)
    {
        if (builder.ExecutionContext.IsPublishMode || settings.Infrastructure == InfrastructureMode.Containers)
        {
            var container = builder.AddRabbitMQ(name);
            if (builder.ExecutionContext.IsRunMode)
            {
                container.WithDataVolume();
            }

            return builder.CreateResourceBuilder<IResourceWithConnectionString>(container.Resource);
        }

        var data = settings.DataOf("rabbitmq");
        var userName = builder.AddParameter($"{name}-user", "platform");
        var password = builder.AddParameter($"{name}-password", () => StoredSecret.ReadOrCreate(Path.Combine(data, "password")), secret: true);
        var node = new RabbitMqNodeResource(name, settings.ScriptsDirectory, userName.Resource, password.Resource);
        var healthKey = $"{name}-amqp";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(healthKey, _ => new RabbitMqHealthCheck(node), null, null));

        builder.AddResource(node)
            .WithArgs(Path.Combine(settings.ScriptsDirectory, "rabbitmq-node.sh"), data)
            .WithEndpoint(name: RabbitMqNodeResource.EndpointName, scheme: "tcp", env: "RABBITMQ_NODE_PORT")
            .WithEnvironment("RABBITMQ_DIST_PORT", Port())
            .WithEnvironment("ERL_EPMD_PORT", Port())
            .WithEnvironment("RABBITMQ_CTL_DIST_PORT", Port())
            .WithEnvironment("RABBITMQ_DEFAULT_USER", userName)
            .WithEnvironment("RABBITMQ_DEFAULT_PASS", password)
            .WithHealthCheck(healthKey)
            .WithRestartPolicy()
            .WithIconName("Mail");
        return builder.CreateResourceBuilder<IResourceWithConnectionString>(node);
    }

    private static string Port() => FreePort.Next().ToString(CultureInfo.InvariantCulture);
}
