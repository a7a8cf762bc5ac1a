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

    public async Task StartAsync()
    {
        Port = FreePort.Next();
        var environment = new Dictionary<string, string>
        {
            ["RABBITMQ_NODENAME"] = $"test-{Port}@localhost",
            ["RABBITMQ_NODE_PORT"] = Text(Port),
            ["RABBITMQ_DIST_PORT"] = Text(FreePort.Next()),
            ["ERL_EPMD_PORT"] = Text(FreePort.Next()),
            ["RABBITMQ_CTL_DIST_PORT"] = Text(FreePort.Next()),
            ["RABBITMQ_DEFAULT_USER"] = "platform",
            ["RABBITMQ_DEFAULT_PASS"] = "test-password",
        };
        process = ChildProcess.Start("bash", [RepositoryRoot.Combine("scripts", "rabbitmq-node.sh"), directory.Path], environment);
        await Eventually.WaitAsync(
            async ct =>
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"rabbitmq-node.sh exited: {process.Output}");
                }

                var factory = new ConnectionFactory { Uri = new Uri(ConnectionString), RequestedConnectionTimeout = TimeSpan.FromSeconds(2) };
                await using var connection = await factory.CreateConnectionAsync(ct);
                return connection.IsOpen;
            },
            TimeSpan.FromSeconds(60),
            $"RabbitMQ to accept AMQP connections on port {Port}");
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
