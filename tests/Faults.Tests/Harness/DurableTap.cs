using System.Collections.Concurrent;
using System.Text.Json;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Platform.Faults.Tests.Harness;

/// <summary>
/// Counts every message of one MassTransit type on the bus, across broker restarts: a durable queue of the
/// suite's own is bound to the type's exchange, so that what is published while the tap reconnects waits for
/// it. A message is counted once per publish: a delivery the broker repeats because the tap's own ack was lost
/// (flagged redelivered, same message id) is not counted again, while a service that publishes twice is.
/// </summary>
public sealed class DurableTap : IAsyncDisposable
{
    private readonly IConnection connection;
    private readonly IChannel channel;
    private readonly string queue;
    private readonly ConcurrentDictionary<string, byte> seen = new();

    private DurableTap(IConnection connection, IChannel channel, string queue)
    {
        this.connection = connection;
        this.channel = channel;
        this.queue = queue;
    }

    public ConcurrentQueue<JsonElement> Messages { get; } = new();

    public static async Task<DurableTap> StartAsync(string connectionString, Type messageType, string run, CancellationToken cancellationToken)
    {
        var factory = new ConnectionFactory
        {
            Uri = new Uri(connectionString),
            AutomaticRecoveryEnabled = true,
            TopologyRecoveryEnabled = true,
            NetworkRecoveryInterval = TimeSpan.FromMilliseconds(500),
        };
        var connection = await factory.CreateConnectionAsync("platform-faults-tap", cancellationToken);
        var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        var exchange = $"{messageType.Namespace}:{messageType.Name}";
        var queue = $"faults-{run}-{messageType.Name}";
        await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: cancellationToken);
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, cancellationToken: cancellationToken);
        await channel.QueueBindAsync(queue, exchange, "", cancellationToken: cancellationToken);
        var tap = new DurableTap(connection, channel, queue);

        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            var id = delivery.BasicProperties.MessageId ?? Guid.NewGuid().ToString();
            if (!tap.seen.TryAdd(id, 0) && delivery.Redelivered)
            {
                await channel.BasicAckAsync(delivery.DeliveryTag, false);
                return;
            }

            using var envelope = JsonDocument.Parse(delivery.Body);
            tap.Messages.Enqueue(envelope.RootElement.GetProperty("message").Clone());
            await channel.BasicAckAsync(delivery.DeliveryTag, false);
        };
        await channel.BasicConsumeAsync(queue, autoAck: false, consumer, cancellationToken);
        return tap;
    }

    /// <summary>The messages whose string property has the value.</summary>
    public IReadOnlyList<JsonElement> Where(string property, string value) =>
        [.. Messages.Where(m => m.TryGetProperty(property, out var p) && p.ValueKind == JsonValueKind.String && p.GetString() == value)];

    public async ValueTask DisposeAsync()
    {
        try
        {
            await channel.QueueDeleteAsync(queue);
            await channel.CloseAsync();
            await connection.CloseAsync();
        }
        catch (Exception e) when (e is RabbitMQ.Client.Exceptions.RabbitMQClientException or OperationCanceledException or IOException)
        {
            // The broker is gone already; its data folder goes with the suite.
        }

        channel.Dispose();
        connection.Dispose();
    }
}
