namespace Platform.Cli.Tests.Plan;

/// <summary><c>platform plan</c>'s table on real git repositories, run in-process.</summary>
public sealed class PlanTableTests
{
    [Fact]
    public async Task Plans_the_base_and_both_dependents_in_two_waves_when_the_base_changes()
    {
        using var repo = await ImageRepository.CreateAsync();
        repo.WriteFile("images/base/lib/log.sh", "log() { echo \"acme: $@\"; }\n");
        var change = await repo.CommitAllAsync("base: prefix log lines");

        var run = await CliRun.InProcessAsync("plan", "--repository", repo.Path);

        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = Lines(run.Output);
        Assert.Equal(["WAVE", "IMAGE", "KIND", "FOLDER", "REASONS"], Cells(lines[0]));
        Assert.Equal(["0", "acme/base", "base", "images/base", "images/base/lib/log.sh", "changed", "since", Short(repo.FirstCommit)], Cells(lines[1]));
        Assert.Equal(["1", "acme/api", "service", "images/api", "its", "base", "acme/base", "is", "rebuilt"], Cells(lines[2]));
        Assert.Equal(["acme/etl", "etl", "images/etl", "its", "base", "acme/base", "is", "rebuilt"], Cells(lines[3]));
        Assert.Equal($"3 images to build in 2 waves at {Short(change)} (since {Short(repo.FirstCommit)})", lines[^1]);
        Assert.Equal("", run.Error);
    }

    [Fact]
    public async Task Plans_nothing_when_only_a_file_no_COPY_reads_changes()
    {
        using var repo = await ImageRepository.CreateAsync();
        repo.WriteFile("images/etl/NOTES.md", "still read by no COPY\n");
        repo.WriteFile("README.md", "the repository's own readme\n");
        var change = await repo.CommitAllAsync("notes");

        var run = await CliRun.InProcessAsync("plan", "--repository", repo.Path);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal([$"0 images to build at {Short(change)} (since {Short(repo.FirstCommit)})"], Lines(run.Output));
    }

    [Fact]
    public async Task Names_every_changed_file_of_an_image_between_two_named_revisions()
    {
        using var repo = await ImageRepository.CreateAsync();
        await repo.Git.GitAsync("tag", "v1");
        repo.WriteFile("images/api/www/index.html", "<h1>api 2</h1>\n");
        await repo.CommitAllAsync("api: page");
        repo.WriteFile("images/api/www/health", "ok\n");
        await repo.CommitAllAsync("api: health page");

        // --from is a tag and --to a relative name of a branch: anything git rev-parse accepts.
        var run = await CliRun.InProcessAsync("plan", "-r", repo.Path, "--from", "v1", "--to", "main~0");

        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = Lines(run.Output);
        Assert.Equal(["0", "acme/api", "service", "images/api", "images/api/www/health,", "images/api/www/index.html", "changed", "since", Short(repo.FirstCommit)], Cells(lines[1]));
        Assert.StartsWith("1 image to build in 1 wave at ", lines[^1]);
    }

    [Fact]
    public async Task Lists_a_catalogue_problem_with_its_file_and_line_and_still_plans_the_other_images()
    {
        using var repo = await ImageRepository.CreateAsync();
        repo.WriteFile("images/broken/image.yaml", "name: acme/broken\ncolour: blue\n");
        repo.WriteFile("images/broken/Dockerfile", "FROM acme/base\n");
        repo.WriteFile("images/base/Dockerfile", "FROM busybox:1.37\nCOPY lib/ /usr/local/lib/acme/\n");
        var change = await repo.CommitAllAsync("a broken image, and a newer busybox");

        var run = await CliRun.InProcessAsync("plan", "--repository", repo.Path);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("  images/broken/image.yaml:2: unknown field 'colour'", run.Output);
        Assert.Contains(Lines(run.Output), line => Cells(line) is ["0", "acme/base", ..]);
        Assert.Contains(Lines(run.Output), line => Cells(line) is ["1", "acme/api", ..]);
        Assert.Contains(Lines(run.Output), line => Cells(line) is ["acme/etl", ..]);
        Assert.DoesNotContain("acme/broken", run.Output);
        Assert.Equal($"3 images to build in 2 waves at {Short(change)} (since {Short(repo.FirstCommit)}); 1 problem", Lines(run.Output)[^1]);
    }

    [Fact]
    public async Task Plans_every_image_as_never_built_at_a_root_commit()
    {
        using var repo = await ImageRepository.CreateAsync();

        var run = await CliRun.InProcessAsync("plan", "--repository", repo.Path);

        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = Lines(run.Output);
        Assert.Equal(["0", "acme/base", "base", "images/base", "never", "built"], Cells(lines[1]));
        Assert.Equal(["1", "acme/api", "service", "images/api", "never", "built"], Cells(lines[2]));
        // A second reason gets a line of its own, under the first.
        Assert.Equal(["its", "base", "acme/base", "is", "rebuilt"], Cells(lines[3]));
        Assert.StartsWith(new string(' ', lines[2].IndexOf("never built", StringComparison.Ordinal)) + "its base", lines[3]);
        Assert.Equal($"3 images to build in 2 waves at {Short(repo.FirstCommit)} (a root commit: nothing was built before it)", lines[^1]);
    }

    [Fact]
    public async Task Finds_the_repository_from_a_folder_inside_its_work_tree()
    {
        using var repo = await ImageRepository.CreateAsync();
        repo.WriteFile("images/etl/run.sh", "echo extract and load\n");
        await repo.CommitAllAsync("etl: load too");

        var run = await CliRun.InProcessAsync("plan", "--repository", Path.Combine(repo.Path, "images", "base", "lib"));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(["0", "acme/etl", "etl", "images/etl", "images/etl/run.sh", "changed", "since", Short(repo.FirstCommit)], Cells(Lines(run.Output)[1]));
    }

    [Fact]
    public async Task Warns_on_stderr_when_the_images_root_holds_no_images()
    {
        using var repo = await ImageRepository.CreateAsync();

        var run = await CliRun.InProcessAsync("plan", "--repository", repo.Path, "--images-root", "docker");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal($"warning: no image folders under docker/ at {Short(repo.FirstCommit)} (see --images-root)\n", run.Error);
        Assert.StartsWith("0 images to build at ", run.Output);
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private static string[] Cells(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static string Short(string commit) => commit[..7];
}
