using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Platform.AppHost.Supervision;

/// <summary>
/// Starts again, with backoff, every resource that carries a <see cref="RestartPolicyAnnotation"/> and exits
/// unexpectedly, through the same start command as the dashboard's Start button; shows the restart count
/// on the resource (property <c>Restarts</c>) and says so in its console log. Nothing is restarted once the
/// AppHost is stopping.
/// </summary>
internal sealed partial class ResourceSupervisor(
    ResourceNotificationService notifications,
    ResourceCommandService commands,
    ResourceLoggerService resourceLogs,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<ResourceSupervisor> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<string, CrashLoop> loops = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lifetime.ApplicationStopping);
        try
        {
            await foreach (var update in notifications.WatchAsync(stopping.Token))
            {
                if (!update.Resource.TryGetLastAnnotation<RestartPolicyAnnotation>(out var annotation))
                {
                    continue;
                }

                var loop = loops.GetOrAdd(update.ResourceId, _ => new CrashLoop(annotation.Policy));
                var snapshot = update.Snapshot;
                if (loop.Observe(snapshot.State?.Text, snapshot.HealthStatus, snapshot.ExitCode, time.GetUtcNow()) is { } restart)
                {
                    _ = RestartAsync(update, loop, restart, stopping.Token);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private async Task RestartAsync(ResourceEvent update, CrashLoop loop, PlannedRestart restart, CancellationToken cancellationToken)
    {
        var resourceLogger = resourceLogs.GetLogger(update.ResourceId);
        var exit = restart.ExitCode is { } code ? $"exit code {code}" : "no exit code";
        try
        {
            LogExited(resourceLogger, update.ResourceId, exit, restart.Delay.TotalSeconds, restart.Consecutive);
            LogExited(logger, update.ResourceId, exit, restart.Delay.TotalSeconds, restart.Consecutive);
            await Task.Delay(restart.Delay, time, cancellationToken);

            // Someone may have started it meanwhile (the dashboard's Start), or the AppHost may be stopping.
            if (cancellationToken.IsCancellationRequested
                || !notifications.TryGetCurrentState(update.ResourceId, out var current)
                || !KnownResourceStates.TerminalStates.Contains(current.Snapshot.State?.Text))
            {
                return;
            }

            var result = await commands.ExecuteCommandAsync(update.ResourceId, KnownResourceCommands.StartCommand, cancellationToken);
            if (!result.Success)
            {
                LogStartFailed(logger, update.ResourceId, result.Message);
                return;
            }

            var restarts = loop.Restarted();
            var last = $"{time.GetUtcNow():u} after {exit}";
            await notifications.PublishUpdateAsync(update.Resource, update.ResourceId, snapshot => snapshot with
            {
                Properties = snapshot.Properties
                    .RemoveAll(p => p.Name is RestartProperties.Restarts or RestartProperties.LastRestart)
                    .AddRange(
                        new ResourcePropertySnapshot(RestartProperties.Restarts, restarts.ToString(CultureInfo.InvariantCulture)) { DisplayName = "Restarts", IsHighlighted = true },
                        new ResourcePropertySnapshot(RestartProperties.LastRestart, last) { DisplayName = "Last restart", IsHighlighted = true }),
            });
            LogRestarted(resourceLogger, update.ResourceId, restarts);
            LogRestarted(logger, update.ResourceId, restarts);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            LogStartFailed(logger, update.ResourceId, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Resource} exited unexpectedly ({Exit}); starting it again in {DelaySeconds} s (crash {Consecutive} in a row)")]
    private static partial void LogExited(ILogger logger, string resource, string exit, double delaySeconds, int consecutive);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Resource} started again by the AppHost (restarts: {Restarts})")]
    private static partial void LogRestarted(ILogger logger, string resource, int restarts);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Resource} could not be started again: {Error}")]
    private static partial void LogStartFailed(ILogger logger, string resource, string? error);
}
