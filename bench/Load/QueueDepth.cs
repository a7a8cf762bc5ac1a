using RabbitMQ.Client;

namespace Platform.Bench.Load;

/// <summary>
/// Samples the depth of broker queues every 200 ms with a passive declare (what the broker answers about a
/// queue without touching it): messages ready, not those delivered and unacknowledged. Cheap: one AMQP round trip.
/// </summary>
public sealed class QueueDepth : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly Task sampling;
    private readonly Dictionary<string, uint> peaks;

    private QueueDepth(string connectionString, IReadOnlyList<string> queues)
    {
        peaks = queues.ToDictionary(q => q, _ => 0u);
        sampling = Task.Run(() => SampleAsync(connectionString, queues));
    }

    public static QueueDepth Watch(string connectionString, params string[] queues) => new(connectionString, queues);

    /// <summary>The most messages seen ready in each queue; a queue that could not be read is missing.</summary>
    public IReadOnlyDictionary<string, uint> Peaks
    {
        get
        {
            lock (peaks)
            {
                return new Dictionary<string, uint>(peaks);
            }
        }
    }

    private async Task SampleAsync(string connectionString, IReadOnlyList<string> queues)
    {
        var factory = new ConnectionFactory { Uri = new Uri(connectionString) };
        await using var connection = await factory.CreateConnectionAsync("load-queue-depth");
        while (!stop.IsCancellationRequested)
        {
            foreach (var queue in queues)
            {
                try
                {
                    // A passive declare of a missing queue closes the channel: one channel per question.
                    await using var channel = await connection.CreateChannelAsync();
                    var answer = await channel.QueueDeclarePassiveAsync(queue);
                    lock (peaks)
                    {
                        peaks[queue] = Math.Max(peaks[queue], answer.MessageCount);
                    }
                }
                catch (Exception e) when (e is RabbitMQ.Client.Exceptions.OperationInterruptedException)
                {
                    // Not declared yet.
                }
            }

            try
            {
                await Task.Delay(200, stop.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await sampling;
        stop.Dispose();
    }
}
