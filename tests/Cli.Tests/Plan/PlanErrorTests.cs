using Platform.Testing;

namespace Platform.Cli.Tests.Plan;

/// <summary>What <c>platform plan</c> says when it cannot plan: exit code 2 (a bad argument) and one clear line on stderr, nothing on stdout.</summary>
public sealed class PlanErrorTests
{
    [Fact]
    public async Task An_unknown_revision_exits_with_2_and_names_the_revision_and_the_repository()
    {
        using var repo = await ImageRepository.CreateAsync();

        var run = await CliRun.InProcessAsync("plan", "--repository", repo.Path, "--to", "no-such-branch");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Equal($"error: unknown revision 'no-such-branch' in {repo.Path}\n", run.Error);
        Assert.Equal("", run.Output);
    }

    [Fact]
    public async Task An_unknown_from_revision_exits_with_2_too()
    {
        using var repo = await ImageRepository.CreateAsync();

        var run = await CliRun.InProcessAsync("plan", "--repository", repo.Path, "--from", "HEAD~5");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("unknown revision 'HEAD~5'", run.Error);
    }

    [Fact]
    public async Task A_folder_that_is_not_a_git_repository_exits_with_2_and_says_so()
    {
        using var folder = new TempDirectory("not-git");

        var run = await CliRun.InProcessAsync("plan", "--repository", folder.Path);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Equal($"error: not a git repository: {folder.Path} (nor any folder above it)\n", run.Error);
        Assert.Equal("", run.Output);
    }

    [Fact]
    public async Task A_repository_folder_that_does_not_exist_exits_with_2()
    {
        using var folder = new TempDirectory("gone");
        var missing = folder.Combine("missing");

        var run = await CliRun.InProcessAsync("plan", "--repository", missing);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Equal($"error: the repository folder {missing} does not exist\n", run.Error);
    }

    [Fact]
    public async Task A_build_argument_without_a_value_is_a_usage_error()
    {
        using var repo = await ImageRepository.CreateAsync();

        var run = await CliRun.InProcessAsync("plan", "--repository", repo.Path, "--build-arg", "ROOT_IMAGE");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("--build-arg 'ROOT_IMAGE' is not NAME=VALUE", run.Error);
        Assert.Contains("Run 'platform plan --help' for the options.", run.Error);
        Assert.Equal("", run.Output);
    }

    [Fact]
    public async Task An_unknown_option_is_a_usage_error_on_stderr_alone()
    {
        var run = await CliRun.InProcessAsync("plan", "--frm", "HEAD~1");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("'--frm'", run.Error);
        Assert.Equal("", run.Output);
    }

    [Fact]
    public async Task An_images_root_outside_the_repository_is_refused()
    {
        using var repo = await ImageRepository.CreateAsync();

        var run = await CliRun.InProcessAsync("plan", "--repository", repo.Path, "--images-root", "../elsewhere");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Equal($"error: --images-root '../elsewhere' is outside the repository {repo.Path}\n", run.Error);
    }
}
