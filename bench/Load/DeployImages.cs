using Docker.DotNet;
using Docker.DotNet.Models;
using Platform.Testing;

namespace Platform.Bench.Load;

/// <summary>The load-deploy run's images: one busybox httpd service built and pushed once, everything labelled with the run's environment and removed at the end.</summary>
public static class DeployImages
{
    public const string Base = "load/web:base";

    /// <summary>Builds the service (httpd, a CGI health path) with the environment's label and pushes it as <see cref="Base"/>.</summary>
    public static async Task BuildBaseAsync(string folder, string registry, string environment)
    {
        var context = Path.Combine(folder, "context");
        Directory.CreateDirectory(Path.Combine(context, "www", "cgi-bin"));
        await File.WriteAllTextAsync(Path.Combine(context, "Dockerfile"), "FROM platform/root:busybox\nCOPY www/ /www/\nCOPY serve /usr/local/bin/serve\nCMD [\"serve\"]\n");
        await File.WriteAllTextAsync(Path.Combine(context, "serve"),
            "#!/bin/sh\nhttpd -f -p 8080 -h /www &\nserver=$!\ntrap 'kill -TERM \"$server\"' TERM INT\nwait \"$server\"\n");
        await File.WriteAllTextAsync(Path.Combine(context, "www", "cgi-bin", "health"), "#!/bin/sh\nprintf 'Content-Type: text/plain\\r\\n\\r\\nok\\n'\n");
        await Run("chmod", ["755", Path.Combine(context, "serve"), Path.Combine(context, "www", "cgi-bin", "health")]);
        await Run("docker", ["build", "-q", "--label", $"dev.platform.environment={environment}", "-t", $"{registry}/{Base}", context]);
        await Run("docker", ["push", "-q", $"{registry}/{Base}"]);
    }

    /// <summary>Removes every container and image of the environment (the variants carry its label from the base).</summary>
    public static async Task CleanUpAsync(IDockerClient docker, string environment, string registry)
    {
        foreach (var container in await LoadDeployRun.ContainersAsync(docker, environment))
        {
            await docker.Containers.RemoveContainerAsync(container.ID, new ContainerRemoveParameters { Force = true });
        }

        var images = await docker.Images.ListImagesAsync(new ImagesListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"dev.platform.environment={environment}"] = true } },
        });
        foreach (var image in images)
        {
            try
            {
                await docker.Images.DeleteImageAsync(image.ID, new ImageDeleteParameters { Force = true });
            }
            catch (DockerApiException)
            {
                // Gone with another of the list (a parent).
            }
        }

        await ChildProcess.RunAsync("docker", ["rmi", "-f", $"{registry}/{Base}"], TimeSpan.FromMinutes(1));
    }

    private static async Task Run(string file, string[] args)
    {
        var (exitCode, text) = await ChildProcess.RunAsync(file, args, TimeSpan.FromMinutes(3));
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({exitCode}): {text}");
        }
    }
}
