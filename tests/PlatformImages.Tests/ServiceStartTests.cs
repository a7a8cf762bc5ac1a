using System.Globalization;
using Platform.Testing;

namespace Platform.PlatformImages.Tests;

/// <summary>
/// The pushed images, pulled back by their index digest and started on the real engine. A service waits for the broker
/// before it answers, and the test's broker listens on loopback only, so the containers share the host's network and
/// listen on a free port instead of 8080 (the image's own ASPNETCORE_HTTP_PORTS=8080 is checked in <see cref="ImageIndexTests"/>).
/// </summary>
[Collection(PlatformImagesCollection.Name)]
public sealed class ServiceStartTests(PlatformImagesFixture fixture)
{
    private static readonly TimeSpan Command = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The data folder each service writes at start under /var/lib/platform by its relative default (.platform/&lt;service&gt;);
    /// the builder writes nothing before its first commit (its volume is checked with git instead).
    /// </summary>
    public static TheoryData<string, string?> Services => new()
    {
        { "builder", null },
        { "registry-watcher", "registry-watcher" },
        { "deployer", "deployer" },
        { "console", null },
    };

    [Theory]
    [MemberData(nameof(Services))]
    public async Task The_amd64_image_starts_as_uid_10001_on_a_read_only_root_file_system_and_answers_alive(string service, string? dataFolder)
    {
        var image = await PullAsync(service, "amd64");
        var port = FreePort.Next();
        var name = $"platform-images-test-{service}-{Guid.NewGuid().ToString("N")[..8]}";
        var socketGroup = (await ChildProcess.RunAsync("stat", ["-c", "%g", "/var/run/docker.sock"], Command)).Output.Trim();
        // The deployer stops without its engine: the engine's socket, usable through the socket's group, as a node would give it.
        string[] engine = service == "deployer" ? ["-v", "/var/run/docker.sock:/var/run/docker.sock", "--group-add", socketGroup] : [];
        try
        {
            await DockerCli.RunAsync(
                Command,
                [
                    "run", "-d", "--name", name, "--label", "dev.platform.test=platform-images", "--network", "host", "--read-only", "--tmpfs", "/tmp", .. engine,
                    "-e", $"ASPNETCORE_HTTP_PORTS={port.ToString(CultureInfo.InvariantCulture)}",
                    "-e", $"ConnectionStrings__messaging={fixture.Broker.ConnectionString}",
                    "-e", $"ConnectionStrings__registry={fixture.Registry.BaseUri}",
                    image,
                ]);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            await WithLogsAsync(name, Eventually.WaitAsync(
                async ct => (await http.GetAsync($"http://127.0.0.1:{port}/alive", ct)).IsSuccessStatusCode,
                TimeSpan.FromSeconds(90),
                $"{service} ({image}) to answer /alive on port {port}"));

            var pid = await DockerCli.RunAsync(Command, "inspect", "-f", "{{.State.Pid}}", name);
            var status = await File.ReadAllLinesAsync($"/proc/{pid}/status");
            Assert.Equal(["10001", "10001", "10001", "10001"], status.Single(l => l.StartsWith("Uid:", StringComparison.Ordinal)).Split('\t', StringSplitOptions.RemoveEmptyEntries)[1..]);
            Assert.Equal("true", await DockerCli.RunAsync(Command, "inspect", "-f", "{{.HostConfig.ReadonlyRootfs}}", name));
            if (dataFolder is not null)
            {
                // The service wrote its state into the volume, as uid 10001.
                var volume = await DockerCli.RunAsync(Command, "inspect", "-f", "{{range .Mounts}}{{if eq .Destination \"/var/lib/platform\"}}{{.Source}}{{end}}{{end}}", name);
                var folder = Path.Combine(volume, ".platform", dataFolder);
                var files = await WithLogsAsync(name, Eventually.WaitAsync(
                    _ => Task.FromResult(Directory.Exists(folder) ? Directory.GetFileSystemEntries(folder, "*", SearchOption.AllDirectories) : []),
                    f => f.Length > 0,
                    TimeSpan.FromSeconds(30),
                    $"{service} to write its state into {folder}"));
                foreach (var file in files)
                {
                    Assert.Equal("10001", (await ChildProcess.RunAsync("stat", ["-c", "%u", file], Command)).Output.Trim());
                }
            }
        }
        finally
        {
            await DockerCli.TryAsync(Command, "rm", "-f", "-v", name);
        }
    }

    [Fact]
    public async Task The_builder_image_has_git_and_ssh_and_writes_only_to_its_volume_and_tmp()
    {
        var image = await PullAsync("builder", "amd64");
        string[] run = ["run", "--rm", "--read-only", "--tmpfs", "/tmp", "--entrypoint", "git", image];
        Assert.StartsWith("git version 2.", await DockerCli.RunAsync(Command, [.. run, "--version"]));
        Assert.StartsWith("OpenSSH_", await DockerCli.RunAsync(Command, ["run", "--rm", "--read-only", "--entrypoint", "ssh", image, "-V"]));
        Assert.Contains("/var/lib/platform/probe", await DockerCli.RunAsync(Command, [.. run, "init", "/var/lib/platform/probe"]));
        Assert.Contains("/tmp/probe", await DockerCli.RunAsync(Command, [.. run, "init", "/tmp/probe"]));
        var (exitCode, output) = await DockerCli.TryAsync(Command, [.. run, "init", "/app/probe"]);
        Assert.True(exitCode != 0 && output.Contains("Read-only file system", StringComparison.Ordinal), $"expected /app to be read-only; exit {exitCode}: {output}");
    }

    /// <summary>
    /// The arm64 image under QEMU: git (the Debian arm64 libraries and loader), then the service itself, which runs the
    /// arm64 .NET runtime through the app's own start-up until its configuration check stops it (no broker given). A full
    /// start to /alive takes some 40 s under QEMU on this machine; this check takes a few.
    /// </summary>
    [Fact]
    public async Task The_arm64_image_runs_its_dotnet_runtime_and_git_under_QEMU()
    {
        var image = await PullAsync("builder", "arm64");
        Assert.Equal("arm64", await DockerCli.RunAsync(Command, "image", "inspect", "-f", "{{.Architecture}}", image));
        var git = await DockerCli.RunAsync(Command, "run", "--rm", "--platform", "linux/arm64", "--read-only", "--entrypoint", "git", image, "--version");
        Assert.StartsWith("git version 2.", git);

        // The process's abort after the unhandled exception is slow under QEMU: the test reads its output, not its exit.
        var name = $"platform-images-test-arm64-{Guid.NewGuid().ToString("N")[..8]}";
        try
        {
            await DockerCli.RunAsync(Command, "run", "-d", "--name", name, "--label", "dev.platform.test=platform-images", "--platform", "linux/arm64", "--read-only", "--tmpfs", "/tmp", image);
            await Eventually.WaitAsync(
                async _ => (await DockerCli.TryAsync(Command, "logs", name)).Output.Contains("ConnectionStrings:messaging", StringComparison.Ordinal),
                TimeSpan.FromSeconds(90),
                "the arm64 builder to run until it asks for its broker's connection string");
            var imageId = await DockerCli.RunAsync(Command, "inspect", "-f", "{{.Image}}", name);
            Assert.Equal("arm64", await DockerCli.RunAsync(Command, "image", "inspect", "-f", "{{.Architecture}}", imageId));
        }
        finally
        {
            await DockerCli.TryAsync(Command, "rm", "-f", "-v", name);
        }
    }

    /// <summary>
    /// Pulls one platform of the pushed index by the digest its index names for it (the engine keeps one platform per
    /// reference, and refuses to pull another platform under the index's digest).
    /// </summary>
    private async Task<string> PullAsync(string service, string architecture)
    {
        var reference = await fixture.PlatformReferenceAsync(service, architecture);
        await DockerCli.RunAsync(TimeSpan.FromMinutes(5), "pull", "-q", "--platform", $"linux/{architecture}", reference);
        return reference;
    }

    /// <summary>A failed wait says what the container logged last.</summary>
    private static async Task WithLogsAsync(string container, Task wait) => await WithLogsAsync(container, wait.ContinueWith(t => { t.GetAwaiter().GetResult(); return true; }, TaskScheduler.Default));

    private static async Task<T> WithLogsAsync<T>(string container, Task<T> wait)
    {
        try
        {
            return await wait;
        }
        catch (TimeoutException e)
        {
            var (_, logs) = await DockerCli.TryAsync(Command, "logs", "--tail", "40", container);
            throw new TimeoutException($"{e.Message}\ncontainer {container} logged:\n{logs}", e);
        }
    }
}
