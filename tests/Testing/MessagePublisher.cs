using System.Text.Json;
using RabbitMQ.Client;

namespace Platform.Testing;

/// <summary>
/// Publishes a message the way MassTransit does (its JSON envelope, to the exchange of the message's
/// type), for tests that play another service: the services under test consume it as they would from it.
/// </summary>
public static class MessagePublisher
{
    public static async Task PublishAsync<T>(string connectionString, T message, CancellationToken cancellationToken) where T : notnull
    {
        var type = typeof(T);
        var exchange = $"{type.Namespace}:{type.Name}";
        var envelope = new
        {
            messageId = Guid.NewGuid(),
            conversationId = Guid.NewGuid(),
            messageType = new[] { $"urn:message:{exchange}" },
            message,
            sentTime = DateTimeOffset.UtcNow,
        };
        var factory = new ConnectionFactory { Uri = new Uri(connectionString) };
        await using var connection = await factory.CreateConnectionAsync("platform-tests-publisher", cancellationToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: cancellationToken);
        var properties = new BasicProperties { ContentType = "application/vnd.masstransit+json", Persistent = true, MessageId = envelope.messageId.ToString() };
        var body = JsonSerializer.SerializeToUtf8Bytes(envelope, new JsonSerializerOptions(JsonSerializerDefaults.Web));
        await channel.BasicPublishAsync(exchange, "", mandatory: false, properties, body, cancellationToken);
    }
}
