using System.Diagnostics;
using System.Globalization;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Platform.Bench.Results;
using Platform.Contracts;
using Platform.Deployer.Rollouts;
using Platform.Testing;

namespace Platform.Bench.Deploy;

/// <summary>
/// How many ImageDigestChanged per second the deployer decides about when no deployment uses the image, through
/// its real consumer on RabbitMQ, against a consumer that does nothing on the same broker in the same run
/// (what MassTransit and the broker alone allow).
/// </summary>
public static class DecisionBenchmark
{
    public const string Name = "deploy-decisions";
    private static readonly int Messages = int.TryParse(Environment.GetEnvironmentVariable("BENCH_MESSAGES"), out var n) ? n : 20_000;
    private const int WarmUpMessages = 1_000;

    public static async Task<BenchmarkResult> RunAsync(TextWriter output)
    {
        await using var bench = await DeployBench.StartAsync(output);
        Action<IBusRegistrationConfigurator> platformConsumer = bus => bus.AddConsumer<ImageDigestChangedConsumer>(typeof(ImageDigestChangedConsumerDefinition));
        Action<IBusRegistrationConfigurator> emptyConsumer = bus => bus.AddConsumer<NothingConsumer>(typeof(NothingConsumerDefinition));
        // One small unmeasured run of each first: whichever side ran first would otherwise pay for the process's JIT
        // (the deployer's host, MassTransit, the broker client) in its figure.
        await MeasureAsync(bench, TextWriter.Null, "warm-up", "bench-image-digest-changed", platformConsumer, WarmUpMessages);
        await MeasureAsync(bench, TextWriter.Null, "warm-up", NothingConsumerDefinition.Queue, emptyConsumer, WarmUpMessages);
        var platform = await MeasureAsync(bench, output, "platform", "bench-image-digest-changed", platformConsumer, Messages);
        var empty = await MeasureAsync(bench, output, "empty consumer", NothingConsumerDefinition.Queue, emptyConsumer, Messages);
        return new BenchmarkResult(
            "Deployer decisions for images no deployment uses",
            "ImageDigestChanged per second",
            platform,
            empty,
            "a consumer that does nothing, same broker and settings",
            "at least 2,000 per second",
            DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture))
        {
            Rows = [new("messages per run", Messages.ToString("N0", CultureInfo.InvariantCulture), Messages.ToString("N0", CultureInfo.InvariantCulture))],
            Details =
            [
                $"{Messages:N0} ImageDigestChanged for {Messages:N0} images that are not in the environment, queued on RabbitMQ before the consumer starts; timed from the consumer's start to the last message consumed. Each side first consumes {WarmUpMessages:N0} unmeasured, so that neither pays for the process's first start.",
                "Platform: the deployer's ImageDigestChangedConsumer with its consumer definition (64 prefetched, 32 at once), the environment read from the git repository at most every 5 s, then a lookup by image: nothing to deploy.",
                "Baseline: an empty consumer with the same definition on the same broker: what MassTransit and RabbitMQ allow on this machine.",
            ],
        };
    }

    private static async Task<double> MeasureAsync(DeployBench bench, TextWriter output, string what, string queue, Action<IBusRegistrationConfigurator> consumers, int messages)
    {
        // The queue and its bindings as MassTransit declares them, so that the messages wait in it for the consumer's start.
        await DeclareAsync(bench, queue);

        await using (var publisher = await PublisherAsync(bench))
        {
            await Task.WhenAll(Enumerable.Range(0, messages).Chunk(500).Select(async chunk =>
            {
                foreach (var i in chunk)
                {
                    await publisher.Publish(new ImageDigestChanged(Guid.NewGuid(), $"unused/image-{i}", bench.Registry.Host, "latest", null,
                        $"sha256:{i:x64}", null, DigestSource.Webhook, DateTimeOffset.UtcNow));
                }
            }));
        }

        var counter = new ConsumeCounter(messages);
        using var host = bench.Deployer(bus =>
        {
            consumers(bus);
            bus.AddConsumeObserver(_ => counter);
        });
        var watch = Stopwatch.StartNew();
        await host.StartAsync();
        while (!counter.Done.IsCompleted && watch.Elapsed < TimeSpan.FromMinutes(3))
        {
            await Task.WhenAny(counter.Done, Task.Delay(TimeSpan.FromSeconds(5)));
            output.WriteLine($"{what}: {counter.Count} of {messages} consumed after {watch.Elapsed.TotalSeconds:F0} s");
        }

        await counter.Done.WaitAsync(TimeSpan.FromSeconds(1));
        watch.Stop();
        await host.StopAsync();
        var rate = messages / watch.Elapsed.TotalSeconds;
        output.WriteLine($"{what}: {messages} messages in {watch.Elapsed.TotalMilliseconds:F0} ms: {rate:F0}/s");
        return rate;
    }

    private static async Task DeclareAsync(DeployBench bench, string queue)
    {
        var factory = new RabbitMQ.Client.ConnectionFactory { Uri = new Uri(bench.Broker.ConnectionString) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        const string message = "Platform.Contracts:ImageDigestChanged";
        await channel.ExchangeDeclareAsync(message, "fanout", durable: true, autoDelete: false);
        await channel.ExchangeDeclareAsync(queue, "fanout", durable: true, autoDelete: false);
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false);
        await channel.ExchangeBindAsync(queue, message, "");
        await channel.QueueBindAsync(queue, queue, "");
    }

    private static async Task<BusHandle> PublisherAsync(DeployBench bench)
    {
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit => rabbit.Host(new Uri(bench.Broker.ConnectionString), _ => { }));
        return new BusHandle(bus, await bus.StartAsync());
    }

    private sealed class BusHandle(IBusControl bus, MassTransit.BusHandle handle) : IAsyncDisposable
    {
        public Task Publish<T>(T message) where T : class => bus.Publish(message);

        public async ValueTask DisposeAsync() => await handle.StopAsync();
    }

    private sealed class ConsumeCounter(int expected) : IConsumeObserver
    {
        private readonly TaskCompletionSource done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int count;

        public Task Done => done.Task;

        public int Count => Volatile.Read(ref count);

        public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

        public Task PostConsume<T>(ConsumeContext<T> context) where T : class
        {
            if (Interlocked.Increment(ref count) == expected)
            {
                done.TrySetResult();
            }

            return Task.CompletedTask;
        }

        public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class
        {
            done.TrySetException(exception);
            return Task.CompletedTask;
        }
    }
}

/// <summary>The baseline: takes the message and does nothing.</summary>
public sealed class NothingConsumer : IConsumer<ImageDigestChanged>
{
    public Task Consume(ConsumeContext<ImageDigestChanged> context) => Task.CompletedTask;
}

/// <summary>The same endpoint, prefetch and concurrency as the deployer's consumer.</summary>
public sealed class NothingConsumerDefinition : ConsumerDefinition<NothingConsumer>
{
    public const string Queue = "bench-nothing";

    public NothingConsumerDefinition()
    {
        ConcurrentMessageLimit = 32;
        EndpointName = Queue;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<NothingConsumer> consumerConfigurator, IRegistrationContext context) =>
        endpointConfigurator.PrefetchCount = 64;
}
