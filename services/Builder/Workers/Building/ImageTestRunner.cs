using Docker.DotNet;
using Docker.DotNet.Models;
using Platform.Builder.Logs;
using Platform.Catalog.Specs;
using Platform.Contracts;
using Platform.Engine;

namespace Platform.Builder.Workers.Building;

/// <summary>Runs an image's tests, each in a new container of the image just built, on its platform, with a timeout.</summary>
public sealed class ImageTestRunner(IDockerClient docker)
{
    public const string Label = "dev.platform.image-test";

    public async Task RunAsync(ImageSpec spec, TargetPlatform platform, string imageId, BuildLogWriter log, CancellationToken cancellationToken)
    {
        foreach (var test in spec.Tests)
        {
            log.Write(platform.ToString(), $"test '{test.Name}': {string.Join(' ', test.Command)}");
            var (exitCode, output) = await RunOneAsync(spec, platform, imageId, test, cancellationToken);
            foreach (var line in output)
            {
                log.Write(platform.ToString(), $"test '{test.Name}' | {line}");
            }

            if (exitCode != 0)
            {
                throw new BuildFailure(BuildFailureStage.Test,
                    exitCode is null
                        ? $"{spec.Name} for {platform}: test '{test.Name}' did not finish within {test.Timeout.TotalSeconds:0.#} s"
                        : $"{spec.Name} for {platform}: test '{test.Name}' exited with code {exitCode}",
                    output.TakeLast(30).ToList(), null, platform.ToString());
            }

            log.Write(platform.ToString(), $"test '{test.Name}' passed");
        }
    }

    /// <returns>The exit code, or null when the test ran out of time; and its output.</returns>
    private async Task<(long? ExitCode, IReadOnlyList<string> Output)> RunOneAsync(
        ImageSpec spec, TargetPlatform platform, string imageId, ImageTest test, CancellationToken cancellationToken)
    {
        // Each test container has a name of its own: a create cancelled in flight leaves a container whose id the
        // client never got, and the clean-up finds it by this name.
        var name = $"platform-test-{Guid.NewGuid():N}";
        CreateContainerResponse container;
        try
        {
            container = await docker.Containers.CreateContainerAsync(new CreateContainerParameters
            {
                Name = name,
                Image = imageId,
                Platform = platform.ToString(),
                Entrypoint = [test.Command[0]],
                Cmd = [.. test.Command.Skip(1)],
                Labels = new Dictionary<string, string> { [Label] = spec.Name },
                HostConfig = new HostConfig { NetworkMode = "none" },
            }, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            await RemoveAsync(name);
            throw;
        }

        try
        {
            await docker.Containers.StartContainerAsync(container.ID, new ContainerStartParameters(), cancellationToken);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(test.Timeout);
            long? exitCode;
            try
            {
                exitCode = (await docker.Containers.WaitContainerAsync(container.ID, timeout.Token)).StatusCode;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                exitCode = null;
            }

            using var logs = await docker.Containers.GetContainerLogsAsync(container.ID, false,
                new ContainerLogsParameters { ShowStdout = true, ShowStderr = true, Tail = "200" }, CancellationToken.None);
            var (stdout, stderr) = await logs.ReadOutputToEndAsync(CancellationToken.None);
            return (exitCode, (stdout + stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }
        catch (DockerApiException e)
        {
            throw new BuildFailure(BuildFailureStage.Test, $"{spec.Name} for {platform}: test '{test.Name}' could not run: {ImageTransfers.Message(e)}", [], e, platform.ToString());
        }
        finally
        {
            await RemoveAsync(container.ID);
        }
    }

    /// <summary>Removes a test container by id or name; one that is gone already is fine.</summary>
    private async Task RemoveAsync(string container)
    {
        try
        {
            await docker.Containers.RemoveContainerAsync(container, new ContainerRemoveParameters { Force = true }, CancellationToken.None);
        }
        catch (DockerContainerNotFoundException)
        {
        }
    }
}
