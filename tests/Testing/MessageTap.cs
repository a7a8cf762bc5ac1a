using System.Collections.Concurrent;
using System.Text.Json;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Platform.Testing;

/// <summary>
/// Listens to one MassTransit message type on the real broker from a private, temporary queue bound to
/// its exchange, without taking messages from any service's queue.
/// </summary>
public sealed class MessageTap : IAsyncDisposable
{
    private readonly IConnection connection;
    private readonly IChannel channel;

    private MessageTap(IConnection connection, IChannel channel)
    {
        this.connection = connection;
        this.channel = channel;
    }

    public ConcurrentQueue<JsonElement> Messages { get; } = new();

    /// <param name="messageType">Full name of the message type, for example Platform.Contracts.ImageDigestChanged.</param>
    public static async Task<MessageTap> StartAsync(string connectionString, string messageType, CancellationToken cancellationToken)
    {
        var factory = new ConnectionFactory { Uri = new Uri(connectionString) };
        var connection = await factory.CreateConnectionAsync("platform-tests", cancellationToken);
        var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        var tap = new MessageTap(connection, channel);

        // MassTransit names the exchange of a message type "Namespace:TypeName" and declares it fanout and durable.
        var exchange = messageType[..messageType.LastIndexOf('.')] + ":" + messageType[(messageType.LastIndexOf('.') + 1)..];
        await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: cancellationToken);
        var queue = await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true, cancellationToken: cancellationToken);
        await channel.QueueBindAsync(queue.QueueName, exchange, "", cancellationToken: cancellationToken);

        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            using var envelope = JsonDocument.Parse(delivery.Body);
            var message = envelope.RootElement.GetProperty("message").Clone();
            tap.ArrivedAt[message.ToString()] = System.Diagnostics.Stopwatch.GetTimestamp();
            tap.Messages.Enqueue(message);
            tap.TraceIds[message.ToString()] = TraceIdOf(delivery.BasicProperties.Headers);
            return Task.CompletedTask;
        };
        await channel.BasicConsumeAsync(queue.QueueName, autoAck: true, consumer, cancellationToken);
        return tap;
    }

    /// <summary>When each message arrived (<see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>), by the message's JSON text.</summary>
    public ConcurrentDictionary<string, long> ArrivedAt { get; } = new();

    /// <summary>The W3C trace id each message travelled in (from its trace context header), by the message's JSON text.</summary>
    public ConcurrentDictionary<string, string?> TraceIds { get; } = new();

    public string? TraceIdOf(JsonElement message) => TraceIds.GetValueOrDefault(message.ToString());

    /// <summary>The messages received so far whose property has the given value.</summary>
    public IReadOnlyList<JsonElement> Where(string property, string value) =>
        [.. Messages.Where(m => m.TryGetProperty(property, out var p) && p.GetString() == value)];

    /// <summary>MassTransit writes the W3C trace context ("00-traceid-spanid-flags") into a transport header.</summary>
    private static string? TraceIdOf(IDictionary<string, object?>? headers)
    {
        foreach (var (_, value) in headers ?? new Dictionary<string, object?>())
        {
            var text = value is byte[] bytes ? System.Text.Encoding.UTF8.GetString(bytes) : value?.ToString();
            var parts = text?.Split('-');
            if (parts is [{ Length: 2 }, { Length: 32 } traceId, { Length: 16 }, { Length: 2 }])
            {
                return traceId;
            }
        }

        return null;
    }

    public async ValueTask DisposeAsync()
    {
        await channel.CloseAsync();
        await connection.CloseAsync();
        channel.Dispose();
        connection.Dispose();
    }
}
