using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Platform.ServiceDefaults.Messaging;

public static class MessagingExtensions
{
    /// <summary>Name of the Aspire connection string that points at the RabbitMQ broker.</summary>
    public const string ConnectionName = "messaging";

    /// <summary>
    /// MassTransit on RabbitMQ from the <c>messaging</c> connection string, with kebab-case endpoint
    /// names and one retry policy for every consumer.
    /// </summary>
    public static TBuilder AddPlatformMessaging<TBuilder>(
        this TBuilder builder,
        Action<IBusRegistrationConfigurator>? configure = null)
        where TBuilder : IHostApplicationBuilder
    {
        var connectionString = builder.Configuration.GetConnectionString(ConnectionName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"The connection string 'ConnectionStrings:{ConnectionName}' is missing. " +
                "Run the service from the AppHost, or set ConnectionStrings__messaging=amqp://user:password@host:port.");
        }

        if (!Uri.TryCreate(connectionString, UriKind.Absolute, out var brokerUri)
            || (brokerUri.Scheme != "amqp" && brokerUri.Scheme != "amqps"))
        {
            throw new InvalidOperationException(
                $"The connection string 'ConnectionStrings:{ConnectionName}' is not an amqp:// or amqps:// URI.");
        }

        builder.Services.AddMassTransit(bus =>
        {
            bus.SetKebabCaseEndpointNameFormatter();
            configure?.Invoke(bus);

            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(brokerUri, host => host.ConnectionName(builder.Environment.ApplicationName));
                rabbit.UseMessageRetry(retry => retry.Exponential(
                    retryLimit: 5,
                    minInterval: TimeSpan.FromMilliseconds(200),
                    maxInterval: TimeSpan.FromSeconds(10),
                    intervalDelta: TimeSpan.FromMilliseconds(400)));
                rabbit.ConfigureEndpoints(context);
            });
        });

        return builder;
    }
}
