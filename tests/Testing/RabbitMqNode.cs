using System.Globalization;
using RabbitMQ.Client;

namespace Platform.Testing;

/// <summary>A real RabbitMQ node (Debian's package, through scripts/rabbitmq-node.sh) on free loopback ports.</summary>
public sealed class RabbitMqNode : IAsyncDisposable
{
    private readonly TempDirectory directory = new("rabbitmq");
    private ChildProcess? process;

    public int Port { get; private set; }

    public string ConnectionString => $"amqp://platform:test-password@127.0.0.1:{Port}";

    private Dictionary<string, string>? environment;

    /// <summary>Starts the node; after <see cref="StopAsync"/>, again on the same ports and data (its durable queues and messages kept).</summary>
    public async Task StartAsync()
    {
        Port = Port == 0 ? FreePort.Next() : Port;
        environment ??= new Dictionary<string, string>
        {
            ["RABBITMQ_NODENAME"] = $"test-{Port}@localhost",
            ["RABBITMQ_NODE_PORT"] = Text(Port),
            ["RABBITMQ_DIST_PORT"] = Text(FreePort.Next()),
            ["ERL_EPMD_PORT"] = Text(FreePort.Next()),
            ["RABBITMQ_CTL_DIST_PORT"] = Text(FreePort.Next()),
            ["RABBITMQ_DEFAULT_USER"] = "platform",
            ["RABBITMQ_DEFAULT_PASS"] = "test-password",
        };
        var started = ChildProcess.Start("bash", [RepositoryRoot.Combine("scripts", "rabbitmq-node.sh"), directory.Path], environment);
        process = started;
        await Eventually.WaitAsync(
            async ct =>
            {
                if (started.HasExited)
                {
                    throw new InvalidOperationException($"rabbitmq-node.sh exited: {started.Output}");
                }

                var factory = new ConnectionFactory { Uri = new Uri(ConnectionString), RequestedConnectionTimeout = TimeSpan.FromSeconds(2) };
                await using var connection = await factory.CreateConnectionAsync(ct);
                return connection.IsOpen;
            },
            TimeSpan.FromSeconds(60),
            $"RabbitMQ to accept AMQP connections on port {Port}");
    }

    /// <summary>Stops the node as an outage would take it away, keeping its data for <see cref="StartAsync"/>.</summary>
    public async Task StopAsync()
    {
        if (process is not null)
        {
            await process.DisposeAsync();
            process = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (process is not null)
        {
            await process.DisposeAsync();
        }

        directory.Dispose();
    }

    private static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);
}
