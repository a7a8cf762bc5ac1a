using System.Formats.Tar;
using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;
using Platform.Deployer.Specs;
using Platform.Engine;

namespace Platform.Deployer.Tests;

/// <summary>
/// Variants of one small HTTP service, built from the local busybox root image through the Engine API
/// and pushed as tags of one repository of the test registry, so that each is deployed by its digest.
/// </summary>
public sealed record TestImages(string RegistryHost, string V1, string V2, string Unhealthy, string ExitsAtOnce, string JobV1, string JobV2)
{
    public const string RootImage = "platform/root:busybox";

    /// <summary>
    /// The service as an environment file would describe it; its repository holds every variant. 8 s to get healthy:
    /// on a busy machine a container's server may take seconds to answer at all, and a test that expects
    /// "answered 500" must see it answer.
    /// </summary>
    public static readonly ServiceDeployment Web = new(
        "deployer-tests/web", new FollowedImage("deployer-tests/web", null, FollowPolicy.Latest), 1, 8080, null,
        new Dictionary<string, string>(), new HealthCheck("/cgi-bin/health", TimeSpan.FromSeconds(8)), new KubernetesObject("web", null));

    /// <summary>Marks every image and container the tests make themselves, for the cleanup.</summary>
    public const string RunLabel = "dev.platform.test-run";

    /// <summary>The repository of the job variants, a catalogue-style name in the test registry.</summary>
    public const string Job = "deployer-tests/job";

    public string Repository => $"{RegistryHost}/{Web.Name}";

    public string JobRepository => $"{RegistryHost}/{Job}";

    /// <summary>Builds and pushes the four variants; every image carries <paramref name="runId"/> as <see cref="RunLabel"/>.</summary>
    public static async Task<TestImages> BuildAsync(IDockerClient docker, string registryHost, string runId, CancellationToken cancellationToken)
    {
        var repository = $"{registryHost}/{Web.Name}";
        async Task<string> Variant(string tag, string serve, string health) =>
            await BuildAndPushAsync(docker, repository, tag, runId, new Dictionary<string, string>
            {
                ["serve"] = serve,
                ["www/index.html"] = $"web {tag} {runId}\n",
                ["www/cgi-bin/health"] = health,
            }, cancellationToken);

        return new TestImages(
            registryHost,
            await Variant("v1", Serve("v1"), Healthy("v1")),
            await Variant("v2", Serve("v2"), Healthy("v2")),
            await Variant("unhealthy", Serve("unhealthy"), """
                #!/bin/sh
                printf 'Status: 500 Internal Server Error\r\nContent-Type: text/plain\r\n\r\ndatabase unreachable\n'
                """),
            await Variant("exits-at-once", """
                #!/bin/sh
                echo "web: reading /etc/web.conf"
                echo "web: fatal: /etc/web.conf is missing" >&2
                exit 3
                """, Healthy("exits-at-once")),
            await JobVariant(docker, registryHost, runId, "job-v1", cancellationToken),
            await JobVariant(docker, registryHost, runId, "job-v2", cancellationToken));
    }

    /// <summary>A job (its arguments go to its ENTRYPOINT) that says which variant it is on stdout, sleeps JOB_SECONDS, writes to stderr and exits with JOB_EXIT.</summary>
    private static async Task<string> JobVariant(IDockerClient docker, string registryHost, string runId, string tag, CancellationToken cancellationToken)
    {
        const string dockerfile = $"""
            FROM {RootImage}
            COPY run /usr/local/bin/run
            ENTRYPOINT ["run"]
            """;
        return await BuildAndPushAsync(docker, $"{registryHost}/{Job}", tag, runId, new Dictionary<string, string>
        {
            ["run"] = $$"""
                #!/bin/sh
                echo "{{tag}} started $*"
                sleep "${JOB_SECONDS:-0}"
                echo "{{tag}} done" >&2
                exit "${JOB_EXIT:-0}"
                """,
        }, cancellationToken, dockerfile);
    }

    /// <summary>busybox httpd as PID 1 would ignore SIGTERM, so the script passes the signal on and a stop is quick.</summary>
    private static string Serve(string variant) => $$"""
        #!/bin/sh
        echo "web {{variant}}: serving /www on :8080"
        httpd -f -p 8080 -h /www &
        server=$!
        trap 'kill -TERM "$server"' TERM INT
        wait "$server"
        """;

    private static string Healthy(string variant) => $$"""
        #!/bin/sh
        printf 'Content-Type: text/plain\r\n\r\nok {{variant}}\n'
        """;

    private static async Task<string> BuildAndPushAsync(
        IDockerClient docker, string repository, string tag, string runId, IReadOnlyDictionary<string, string> files, CancellationToken cancellationToken,
        string? jobDockerfile = null)
    {
        var dockerfile = jobDockerfile ?? $"""
            FROM {RootImage}
            COPY www/ /www/
            COPY serve /usr/local/bin/serve
            EXPOSE 8080
            CMD ["serve"]
            """;
        using var context = Context(files.Append(KeyValuePair.Create("Dockerfile", dockerfile)));
        var build = new EngineLog();
        await docker.Images.BuildImageFromDockerfileAsync(new ImageBuildParameters
        {
            Tags = [$"{repository}:{tag}"],
            Labels = new Dictionary<string, string> { [RunLabel] = runId },
            Remove = true,
            ForceRemove = true,
        }, context, [], new Dictionary<string, string>(), build, cancellationToken);
        if (build.Error is { } error)
        {
            throw new InvalidOperationException($"building the {tag} test image failed: {error}\n{string.Join('\n', build.Tail)}");
        }

        return await docker.PushAsync(repository, tag, new EngineLog(), cancellationToken);
    }

    /// <summary>Points <paramref name="tag"/> of the job repository at the variant <paramref name="variant"/> (job-v1, job-v2) and pushes it.</summary>
    public async Task MoveJobTagAsync(IDockerClient docker, string tag, string variant, CancellationToken cancellationToken)
    {
        await docker.Images.TagImageAsync($"{JobRepository}:{variant}", new ImageTagParameters { RepositoryName = JobRepository, Tag = tag }, cancellationToken);
        await docker.PushAsync(JobRepository, tag, new EngineLog(), cancellationToken);
    }

    /// <summary>A build context as a tar stream; scripts are executable.</summary>
    private static MemoryStream Context(IEnumerable<KeyValuePair<string, string>> files)
    {
        var stream = new MemoryStream();
        using (var tar = new TarWriter(stream, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (path, text) in files)
            {
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, path)
                {
                    Mode = text.StartsWith("#!", StringComparison.Ordinal)
                        ? UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead
                          | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute
                        : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
                    DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text.EndsWith('\n') ? text : text + "\n")),
                });
            }
        }

        stream.Position = 0;
        return stream;
    }
}
