using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;

namespace Platform.AppHost.Tests.Supervision;

/// <summary>The console log of one resource as the dashboard shows it, collected from the moment of subscribing.</summary>
public sealed class ResourceLog : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> lines = new();
    private readonly CancellationTokenSource stop = new();
    private readonly Task reading;

    private ResourceLog(DistributedApplication app, string resourceId)
    {
        var logs = app.Services.GetRequiredService<ResourceLoggerService>();
        reading = Task.Run(async () =>
        {
            try
            {
                await foreach (var batch in logs.WatchAsync(resourceId).WithCancellation(stop.Token))
                {
                    foreach (var line in batch)
                    {
                        lines.Enqueue(line.Content);
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
    }

    public IReadOnlyList<string> Lines => [.. lines];

    public static ResourceLog Watch(DistributedApplication app, string resourceId) => new(app, resourceId);

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await reading.WaitAsync(TimeSpan.FromSeconds(10));
        stop.Dispose();
    }
}
