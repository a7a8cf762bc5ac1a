using System.Text.Json;
using Platform.Testing;

namespace Platform.Builder.Tests.Service;

/// <summary>The labels of a built image (its name, title and commit), set by one Dockerfile instruction rather than one build step each.</summary>
[Collection(BuilderServiceCollection.Name)]
public sealed class ImageLabelsTests(BuilderInfrastructure infrastructure)
{
    [Fact]
    public async Task A_built_image_carries_its_name_title_and_commit_as_labels_set_in_one_build_step()
    {
        await using var scenario = await BuilderScenario.CreateAsync(infrastructure);
        scenario.WriteImage("labelled", "FROM platform/root:busybox-amd64\nCOPY hello.txt /\n", "[linux/amd64]", ("hello.txt", "hello\n"));
        var commit = await scenario.Repository.CommitAllAsync("an image whose labels are checked");
        await scenario.StartBuilderAsync();
        await scenario.WaitForPushAsync(scenario.Image("labelled"), commit);

        var index = await scenario.ManifestAsync(scenario.Image("labelled"), "latest");
        var manifest = await scenario.ManifestAsync(scenario.Image("labelled"), index.GetProperty("manifests")[0].GetProperty("digest").GetString()!);
        using var http = new HttpClient { Timeout = BuilderScenario.StepTimeout };
        var config = JsonDocument.Parse(await http.GetStringAsync(
            new Uri(scenario.Registry.BaseUri, $"v2/{scenario.Image("labelled")}/blobs/{manifest.GetProperty("config").GetProperty("digest").GetString()}"))).RootElement;
        var labels = config.GetProperty("config").GetProperty("Labels");
        Assert.Equal(commit, labels.GetProperty("org.opencontainers.image.revision").GetString());
        Assert.Equal(scenario.Image("labelled"), labels.GetProperty("org.opencontainers.image.title").GetString());
        Assert.Equal(scenario.Image("labelled"), labels.GetProperty("dev.platform.image").GetString());

        var build = Assert.Single(await scenario.BuildsAsync(scenario.Image("labelled")));
        var log = await scenario.BuildLogAsync(build.GetProperty("id").GetInt64());
        var steps = log.Split('\n').Where(l => l.Contains("Step ", StringComparison.Ordinal) && l.Contains(" : LABEL ", StringComparison.Ordinal)).ToList();
        Assert.True(steps.Count == 1, scenario.Failure($"one LABEL step expected in the build log, found {steps.Count}:\n{log}"));
    }
}
