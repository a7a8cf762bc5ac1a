using System.Text.Json;

namespace Platform.Cli.Tests.Plan;

/// <summary><c>platform plan --json</c>: one document of the documented shape on stdout, on a real git repository.</summary>
public sealed class PlanJsonTests
{
    [Fact]
    public async Task Json_output_is_one_document_of_the_documented_shape()
    {
        using var repo = await ImageRepository.CreateAsync();
        repo.WriteFile("images/base/lib/log.sh", "log() { echo \"acme: $@\"; }\n");
        repo.WriteFile("images/broken/image.yaml", "name: acme/broken\ncolour: blue\n");
        repo.WriteFile("images/broken/Dockerfile", "FROM acme/base\n");
        var change = await repo.CommitAllAsync("base: prefix log lines; a broken image");

        var run = await CliRun.InProcessAsync("plan", "--repository", repo.Path, "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        using var document = JsonDocument.Parse(run.Output);
        var root = document.RootElement;
        Assert.Equal(["from", "to", "waves", "problems", "upstream"], Names(root));
        Assert.Equal(repo.FirstCommit, root.GetProperty("from").GetString());
        Assert.Equal(change, root.GetProperty("to").GetString());

        var waves = root.GetProperty("waves").EnumerateArray().ToList();
        Assert.Equal([0, 1], waves.Select(w => w.GetProperty("wave").GetInt32()));
        Assert.All(waves, wave => Assert.Equal(["wave", "images"], Names(wave)));
        var images = waves.SelectMany(w => w.GetProperty("images").EnumerateArray()).ToList();
        Assert.Equal(["acme/base", "acme/api", "acme/etl"], images.Select(i => i.GetProperty("name").GetString()));
        Assert.All(images, image => Assert.Equal(
            ["name", "kind", "folder", "context", "dockerfile", "platforms", "reasons", "bases"], Names(image)));

        var api = images[1];
        Assert.Equal("service", api.GetProperty("kind").GetString());
        Assert.Equal("images/api", api.GetProperty("folder").GetString());
        Assert.Equal("images/api", api.GetProperty("context").GetString());
        Assert.Equal("images/api/Dockerfile", api.GetProperty("dockerfile").GetString());
        Assert.Equal(["linux/amd64", "linux/arm64"], Strings(api.GetProperty("platforms")));
        Assert.Equal(["its base acme/base is rebuilt"], Strings(api.GetProperty("reasons")));
        Assert.Equal(["acme/base"], Strings(api.GetProperty("bases")));
        Assert.Equal([$"images/base/lib/log.sh changed since {repo.FirstCommit[..7]}"], Strings(images[0].GetProperty("reasons")));
        Assert.Empty(Strings(images[0].GetProperty("bases")));

        var problem = Assert.Single(root.GetProperty("problems").EnumerateArray());
        Assert.Equal(["image", "file", "line", "message"], Names(problem));
        Assert.Equal("images/broken", problem.GetProperty("image").GetString());
        Assert.Equal("images/broken/image.yaml", problem.GetProperty("file").GetString());
        Assert.Equal(2, problem.GetProperty("line").GetInt32());
        Assert.StartsWith("unknown field 'colour'", problem.GetProperty("message").GetString());

        var upstream = Assert.Single(root.GetProperty("upstream").EnumerateArray());
        Assert.Equal(["reference", "usedBy"], Names(upstream));
        Assert.Equal("busybox:1.36", upstream.GetProperty("reference").GetString());
        Assert.Equal(["acme/base"], Strings(upstream.GetProperty("usedBy")));
    }

    [Fact]
    public async Task Json_output_of_a_root_commit_has_a_null_from_and_build_arguments_reach_the_dockerfiles()
    {
        using var repo = await ImageRepository.CreateAsync();
        repo.WriteFile("images/base/Dockerfile", "ARG ROOT_IMAGE=busybox:1.36\nFROM ${ROOT_IMAGE}\nCOPY lib/ /usr/local/lib/acme/\n");
        await repo.Git.GitAsync("commit", "-q", "--amend", "-a", "--no-edit");

        var run = await CliRun.InProcessAsync("plan", "-r", repo.Path, "--json", "--build-arg", "ROOT_IMAGE=acme/root:1", "--build-arg", "UNUSED=x");

        Assert.True(run.ExitCode == 0, run.ToString());
        using var document = JsonDocument.Parse(run.Output);
        Assert.Equal(JsonValueKind.Null, document.RootElement.GetProperty("from").ValueKind);
        var upstream = Assert.Single(document.RootElement.GetProperty("upstream").EnumerateArray());
        Assert.Equal("acme/root:1", upstream.GetProperty("reference").GetString());
        var reasons = document.RootElement.GetProperty("waves").EnumerateArray()
            .SelectMany(w => w.GetProperty("images").EnumerateArray())
            .Select(i => string.Join("; ", Strings(i.GetProperty("reasons"))));
        Assert.Equal(["never built", "never built; its base acme/base is rebuilt", "never built; its base acme/base is rebuilt"], reasons);
    }

    [Fact]
    public async Task Json_output_is_the_same_document_every_time()
    {
        using var repo = await ImageRepository.CreateAsync();
        repo.WriteFile("images/base/lib/log.sh", "log() { :; }\n");
        repo.WriteFile("images/a-first/Dockerfile", "FROM acme/base\n");
        await repo.CommitAllAsync("quiet logs; an image named before the others");

        var first = await CliRun.InProcessAsync("plan", "-r", repo.Path, "--json");
        var second = await CliRun.InProcessAsync("plan", "-r", repo.Path, "--json");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal(first.Output, second.Output);
    }

    private static string[] Names(JsonElement element) => [.. element.EnumerateObject().Select(p => p.Name)];

    private static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString() ?? "(null)")];
}
