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
    /// <param name="endpointPrefix">The prefix of the service's queues; by default the service's name.</param>
    public static TBuilder AddPlatformMessaging<TBuilder>(
        this TBuilder builder,
        Action<IBusRegistrationConfigurator>? configure = null,
        string? endpointPrefix = null)
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

        // Queues are named for the service that owns them ("deployer-image-digest-changed"), so that two
        // services consuming one event each get every message, while instances of one service compete.
        endpointPrefix ??= ServiceName(builder.Environment.ApplicationName);
        // The host starts its own background work (pollers that publish at once) only after the bus is up
        // and its queues are bound: a message published before its queue exists is lost.
        builder.Services.AddOptions<MassTransitHostOptions>().Configure(host =>
        {
            host.WaitUntilStarted = true;
            host.StartTimeout = TimeSpan.FromMinutes(2);
            host.StopTimeout = TimeSpan.FromSeconds(30);
            // A stopping service gives its consumers a moment to finish, then cancels them: the message goes back to
            // the queue (for another instance or the restart), and the work in hand is recorded as interrupted, not failed.
            host.ConsumerStopTimeout = TimeSpan.FromSeconds(5);
        });
        builder.Services.AddMassTransit(bus =>
        {
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(endpointPrefix, false));
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

    /// <summary>"Platform.RegistryWatcher" becomes "registry-watcher".</summary>
    public static string ServiceName(string applicationName)
    {
        var last = applicationName[(applicationName.LastIndexOf('.') + 1)..];
        var kebab = new System.Text.StringBuilder();
        foreach (var c in last)
        {
            if (char.IsUpper(c) && kebab.Length > 0)
            {
                kebab.Append('-');
            }

            kebab.Append(char.ToLowerInvariant(c));
        }

        return kebab.ToString();
    }
}
