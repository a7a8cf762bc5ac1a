using Platform.Contracts;
using Platform.Testing;

namespace Platform.Builder.Tests.Service;

/// <summary>An upstream base (an image from outside the catalogue) changing its digest rebuilds the images that start from it.</summary>
[Collection(BuilderServiceCollection.Name)]
public sealed class UpstreamBaseTests(BuilderInfrastructure infrastructure)
{
    [Fact]
    public async Task A_new_digest_of_an_upstream_base_announced_by_the_watcher_rebuilds_its_images_from_that_digest()
    {
        await using var upstream = new RegistryServer();
        await upstream.StartAsync();
        await using var scenario = await BuilderScenario.CreateAsync(infrastructure);
        var tool = $"{upstream.Host}/library/tool:1";
        var first = await PushUpstreamAsync(tool, "upstream v1");

        scenario.WriteImage("app", $"FROM {tool}\nCOPY app.txt /srv/\n", ("app.txt", "app\n"));
        scenario.WriteImage("other", "ARG ROOT_IMAGE\nFROM ${ROOT_IMAGE}\nCOPY app.txt /srv/\n", ("app.txt", "other\n"));
        var commit = await scenario.Repository.CommitAllAsync("an image on an upstream base");
        await scenario.StartBuilderAsync();
        await scenario.WaitForPushAsync(scenario.Image("app"), commit);
        await scenario.WaitForPushAsync(scenario.Image("other"), commit);

        // The watcher's first sighting of the tag rebuilds nothing; a new digest of it rebuilds the image that uses it.
        await AnnounceAsync(upstream.Host, null, first);
        var second = await PushUpstreamAsync(tool, "upstream v2");
        await AnnounceAsync(upstream.Host, first, second);

        var rebuilt = await Eventually.WaitAsync(
            _ => Task.FromResult(scenario.PushesOf(scenario.Image("app"))), pushes => pushes.Count == 2,
            BuilderScenario.StepTimeout, scenario.Failure("a second push of the image on the upstream base"));
        var digest = rebuilt[1].GetProperty("digest").GetString()!;
        var build = (await scenario.BuildsAsync(scenario.Image("app"))).First(b => b.GetProperty("digest").GetString() == digest);
        Assert.Contains($"setting upstream {tool}", build.GetProperty("reason").GetString());
        Assert.Single(scenario.PushesOf(scenario.Image("other")));

        var reference = $"{scenario.Registry.Host}/{scenario.Image("app")}@{digest}";
        var (exitCode, output) = await ChildProcess.RunAsync("docker", ["run", "--rm", reference, "cat", "/etc/upstream"], TimeSpan.FromSeconds(60));
        await ChildProcess.RunAsync("docker", ["rmi", "-f", reference, tool], TimeSpan.FromSeconds(60));
        Assert.True(exitCode == 0 && output.Contains("upstream v2", StringComparison.Ordinal),
            scenario.Failure($"expected the rebuilt image to start from the new upstream digest, saw exit {exitCode}: {output}"));

        async Task AnnounceAsync(string registry, string? previous, string next) =>
            await MessagePublisher.PublishAsync(infrastructure.Broker.ConnectionString,
                new ImageDigestChanged(Guid.NewGuid(), "library/tool", registry, "1", previous, next, null, DigestSource.Poll, DateTimeOffset.UtcNow),
                CancellationToken.None);
    }

    /// <summary>Builds a tiny image with a marker file and pushes it to the upstream registry; returns the digest docker reports.</summary>
    private static async Task<string> PushUpstreamAsync(string reference, string marker)
    {
        using var folder = new TempDirectory("upstream");
        await File.WriteAllTextAsync(Path.Combine(folder.Path, "Dockerfile"), $"FROM platform/root:busybox-amd64\nRUN echo '{marker}' > /etc/upstream\n");
        var (built, buildOutput) = await ChildProcess.RunAsync("sh", ["-c", $"DOCKER_BUILDKIT=0 docker build -q -t {reference} {folder.Path}"], TimeSpan.FromSeconds(120));
        Assert.True(built == 0, $"building {reference} failed: {buildOutput}");
        var (pushed, output) = await ChildProcess.RunAsync("docker", ["push", reference], TimeSpan.FromSeconds(120));
        Assert.True(pushed == 0, $"docker push {reference} failed: {output}");
        return output.Split(' ', '\n').First(w => w.StartsWith("sha256:", StringComparison.Ordinal) && w.Length == 71);
    }
}
