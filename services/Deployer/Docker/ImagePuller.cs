using Docker.DotNet;
using Microsoft.Extensions.Options;
using Platform.Engine;

namespace Platform.Deployer.Docker;

/// <summary>
/// Pulls an image through the engine; a registry that cannot be reached, times out or answers 5xx/429 is asked
/// again with growing pauses until <c>Deployer:PullTimeout</c>, so that a registry restart does not lose a rollout.
/// </summary>
public sealed class ImagePuller(IDockerClient docker, RegistryCredentials credentials, IOptions<DeployerOptions> options, TimeProvider time, ILogger<ImagePuller> logger)
{
    private static readonly TimeSpan[] Pauses = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(15)];

    /// <param name="what">The service or job the image is for, for the log.</param>
    public async Task PullAsync(string what, string repository, string reference, EngineLog log, CancellationToken cancellationToken)
    {
        var registry = repository[..repository.IndexOf('/')];
        var deadline = time.GetUtcNow() + options.Value.PullTimeout;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await docker.PullAsync(repository, reference, log, cancellationToken, credentials.For(registry));
                return;
            }
            catch (EngineException e) when (e.IsTransient && time.GetUtcNow() + Pauses[Math.Min(attempt, Pauses.Length - 1)] < deadline)
            {
                var pause = Pauses[Math.Min(attempt, Pauses.Length - 1)];
                logger.LogWarning("{What}: pulling {Repository}@{Reference} failed ({Error}); trying again in {Pause} s (Deployer:PullTimeout {Timeout})",
                    what, repository, reference, e.Message, pause.TotalSeconds, options.Value.PullTimeout);
                await Task.Delay(pause, time, cancellationToken);
            }
        }
    }
}
