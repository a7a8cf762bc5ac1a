using System.Diagnostics;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Options;
using Platform.Catalog.Yaml;
using Platform.Deployer.Jobs;
using Platform.Deployer.Specs;
using Platform.Engine;

namespace Platform.Deployer.Docker;

/// <summary>
/// One run of a job on the Docker engine: resolve the tag's current digest (a pull by tag), run a container
/// of that digest to completion within the job's timeout, keep its exit code and last log lines, remove it.
/// A digest pushed while the run goes on is never seen by it: the run holds the digest it started with.
/// </summary>
public sealed class DockerJobRunner(
    IDockerClient docker, ImagePuller puller, IOptions<DeployerOptions> options, TimeProvider time, ILogger<DockerJobRunner> logger)
{
    private const int LogLines = 50;

    /// <param name="stop">Cancelled when a newer run replaces this one or the deployer stops: the container is stopped.</param>
    /// <param name="pinned">The digest to run, for a promoted job; null resolves the job's tag.</param>
    public async Task<JobRunRecord> RunAsync(JobDeployment job, string registry, Guid runId, DateTimeOffset scheduledAt, CancellationToken stop, string? pinned = null)
    {
        var repository = $"{job.Image.Registry ?? registry}/{job.Image.Repository}";
        var tag = job.Image.Policy.Tag ?? "latest";
        var startedAt = time.GetUtcNow();
        var watch = Stopwatch.StartNew();
        var run = new JobRunRecord(runId, job.Name, repository, null, JobRunOutcome.Failed, null, scheduledAt, startedAt, TimeSpan.Zero, null, []);
        string digest;
        try
        {
            if (pinned is null)
            {
                digest = await ResolveAsync(job.Name, repository, tag, stop);
            }
            else
            {
                await puller.PullAsync(job.Name, repository, pinned, new EngineLog(), stop);
                digest = pinned;
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return run with { Digest = pinned, Outcome = JobRunOutcome.Stopped, Duration = watch.Elapsed, Error = $"{job.Name}: the run was stopped before it started" };
        }
        catch (EngineException e)
        {
            return run with
            {
                Digest = pinned, Duration = watch.Elapsed, LogTail = e.LogTail,
                Error = $"{job.Name}: {repository}{(pinned is null ? $":{tag}" : $"@{pinned}")} could not be pulled: {e.Message}",
            };
        }

        run = run with { Digest = digest };
        string? container = null;
        try
        {
            container = await CreateAsync(job, repository, tag, digest, runId, stop);
            await docker.Containers.StartContainerAsync(container, new ContainerStartParameters(), stop);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopped between creating and starting the container: nothing ran, and nothing is left behind.
            if (container is not null)
            {
                using var cleanup = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await RemoveAsync(container, cleanup.Token);
            }

            return run with { Outcome = JobRunOutcome.Stopped, Duration = watch.Elapsed, Error = $"{job.Name}: the run was stopped before it started" };
        }
        catch (DockerApiException e)
        {
            return run with { Duration = watch.Elapsed, Error = $"{job.Name}: the engine refused to run {repository}@{digest}: {ImageTransfers.Message(e)}" };
        }
        catch (EngineException e)
        {
            return run with { Duration = watch.Elapsed, Error = $"{job.Name}: {repository}@{digest} could not be pulled again: {e.Message}", LogTail = e.LogTail };
        }

        try
        {
            return await WaitAsync(job, container, run, watch, stop);
        }
        finally
        {
            using var cleanup = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await RemoveAsync(container, cleanup.Token);
        }
    }

    private async Task<JobRunRecord> WaitAsync(JobDeployment job, string container, JobRunRecord run, Stopwatch watch, CancellationToken stop)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
        timeout.CancelAfter(job.Timeout);
        try
        {
            var exit = await docker.Containers.WaitContainerAsync(container, timeout.Token);
            var tail = await ContainerLogs.TailAsync(docker, container, LogLines, CancellationToken.None);
            var code = (int)exit.StatusCode;
            return run with
            {
                Outcome = code == 0 ? JobRunOutcome.Succeeded : JobRunOutcome.Failed, ExitCode = code, Duration = watch.Elapsed, LogTail = tail,
                Error = code == 0 ? null : $"{job.Name}: the run exited with code {code}",
            };
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            logger.LogWarning("Stopping run {Run} of {Job}: {Why}", run.RunId, job.Name, stop.IsCancellationRequested ? "stopped" : "timed out");
            using var kill = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await docker.Containers.StopContainerAsync(container, new ContainerStopParameters { WaitBeforeKillSeconds = 5 }, kill.Token);
            var tail = await ContainerLogs.TailAsync(docker, container, LogLines, kill.Token);
            return stop.IsCancellationRequested
                ? run with { Outcome = JobRunOutcome.Stopped, Duration = watch.Elapsed, LogTail = tail, Error = $"{job.Name}: the run was stopped before it finished" }
                : run with
                {
                    Outcome = JobRunOutcome.TimedOut, Duration = watch.Elapsed, LogTail = tail,
                    Error = $"{job.Name}: the run did not finish within its timeout of {Durations.Format(job.Timeout)} and was stopped",
                };
        }
    }

    /// <summary>Stops and removes the run containers of this environment that an earlier deployer process left, as runs that were stopped.</summary>
    public async Task<IReadOnlyList<JobRunRecord>> StopLeftoversAsync(CancellationToken cancellationToken)
    {
        var leftovers = await docker.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["label"] = new Dictionary<string, bool>
                {
                    [$"{ContainerLabels.Managed}=true"] = true,
                    [$"{ContainerLabels.Environment}={options.Value.Environment}"] = true,
                    [ContainerLabels.Job] = true,
                },
            },
        }, cancellationToken);
        var records = new List<JobRunRecord>();
        foreach (var container in leftovers)
        {
            var labels = new Dictionary<string, string>(container.Labels);
            logger.LogWarning("Stopping run {Run} of {Job} that an earlier deployer started and no one awaits", labels.GetValueOrDefault(ContainerLabels.Run), labels[ContainerLabels.Job]);
            var started = new DateTimeOffset(DateTime.SpecifyKind(container.Created.ToUniversalTime(), DateTimeKind.Utc));
            await docker.Containers.StopContainerAsync(container.ID, new ContainerStopParameters { WaitBeforeKillSeconds = 5 }, cancellationToken);
            var tail = await ContainerLogs.TailAsync(docker, container.ID, LogLines, cancellationToken);
            await RemoveAsync(container.ID, cancellationToken);
            records.Add(new JobRunRecord(
                Guid.TryParse(labels.GetValueOrDefault(ContainerLabels.Run), out var runId) ? runId : Guid.NewGuid(),
                labels[ContainerLabels.Job], labels.GetValueOrDefault(ContainerLabels.Image) ?? "", labels.GetValueOrDefault(ContainerLabels.Digest),
                JobRunOutcome.Stopped, null, started, started, time.GetUtcNow() - started,
                $"{labels[ContainerLabels.Job]}: the deployer restarted while this run went on; it was stopped", tail));
        }

        return records;
    }

    /// <summary>Creates the run's container; an image removed between the pull and the create (another process's clean-up) is pulled again once.</summary>
    private async Task<string> CreateAsync(JobDeployment job, string repository, string tag, string digest, Guid runId, CancellationToken cancellationToken)
    {
        try
        {
            return (await docker.Containers.CreateContainerAsync(Parameters(job, repository, digest, runId), cancellationToken)).ID;
        }
        catch (DockerApiException e) when (ImageTransfers.IsImageMissing(e))
        {
            logger.LogWarning("{Job}: {Repository}@{Digest} was removed from the engine after it was pulled; pulling it again", job.Name, repository, digest);
            await puller.PullAsync(job.Name, repository, digest, new EngineLog(), cancellationToken);
            return (await docker.Containers.CreateContainerAsync(Parameters(job, repository, digest, runId), cancellationToken)).ID;
        }
    }

    /// <summary>Pulls the tag and returns the digest it points at now, as the engine's pull reports it.</summary>
    private async Task<string> ResolveAsync(string job, string repository, string tag, CancellationToken cancellationToken)
    {
        string? digest = null;
        var log = new EngineLog(line =>
        {
            if (line.StartsWith("Digest: ", StringComparison.Ordinal))
            {
                digest = line["Digest: ".Length..].Trim();
            }
        });
        await puller.PullAsync(job, repository, tag, log, cancellationToken);
        return digest ?? throw new EngineException($"pulling {repository}:{tag} reported no digest", log.Tail);
    }

    private CreateContainerParameters Parameters(JobDeployment job, string repository, string digest, Guid runId) => new()
    {
        Name = $"{options.Value.Environment}-{job.Name.Replace('/', '-')}-run-{runId.ToString("N")[..12]}",
        Image = $"{repository}@{digest}",
        Cmd = job.Args.Count > 0 ? [.. job.Args] : null,
        Env = [.. job.Environment.Select(v => $"{v.Key}={v.Value}")],
        Labels = new Dictionary<string, string>
        {
            [ContainerLabels.Managed] = "true",
            [ContainerLabels.Environment] = options.Value.Environment,
            [ContainerLabels.Job] = job.Name,
            [ContainerLabels.Image] = repository,
            [ContainerLabels.Digest] = digest,
            [ContainerLabels.Run] = runId.ToString(),
        },
        HostConfig = new HostConfig { RestartPolicy = new RestartPolicy { Name = RestartPolicyKind.No } },
    };

    private async Task RemoveAsync(string container, CancellationToken cancellationToken)
    {
        try
        {
            await docker.Containers.RemoveContainerAsync(container, new ContainerRemoveParameters { Force = true }, cancellationToken);
        }
        catch (DockerApiException e)
        {
            logger.LogWarning("The run container {Container} could not be removed: {Reason}", container[..12], ImageTransfers.Message(e));
        }
    }
}
