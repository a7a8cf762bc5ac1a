using Docker.DotNet;
using Platform.Engine;
using Platform.Registry;

namespace Platform.Builder.Workers.Publishing;

/// <summary>
/// Retries an engine operation that fails for a passing reason (the engine's push meeting a registry that answers 5xx
/// or 429 or cannot be reached, an engine error) with a growing pause. Requests Platform sends to a registry itself
/// are retried by the registry pipeline (<see cref="Platform.Registry.Http.RegistryResilience"/>), never here.
/// </summary>
public sealed class TransientRetry(ILogger<TransientRetry> logger)
{
    private static readonly TimeSpan[] Pauses = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(8)];

    public async Task<T> RunAsync<T>(string what, Func<Task<T>> action, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await action();
            }
            catch (Exception e) when (attempt < Pauses.Length && IsTransient(e) && !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning("{What} failed ({Error}); attempt {Attempt} of {Attempts} in {Pause} s", what, e.Message, attempt + 2, Pauses.Length + 1, Pauses[attempt].TotalSeconds);
                await Task.Delay(Pauses[attempt], cancellationToken);
            }
        }
    }

    public static bool IsTransient(Exception e) => e switch
    {
        RegistryException { StatusCode: null or 429 or >= 500 } => true,
        EngineException engine => engine.IsTransient,
        DockerApiException api => (int)api.StatusCode >= 500,
        _ => false,
    };
}
