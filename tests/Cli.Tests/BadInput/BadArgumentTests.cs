using Platform.Testing;

namespace Platform.Cli.Tests.BadInput;

/// <summary>
/// The bad-input corpus of arguments: every command refuses what is not a valid argument with one message that
/// names the option and what it takes, exit code 2, nothing on stdout and never a stack trace.
/// </summary>
public sealed class BadArgumentTests
{
    private const string Closed = "http://127.0.0.1:1";

    [Theory]
    [InlineData("--limit 'abc' is not a whole number from 1 to 1000", "deployments", "-n", "abc")]
    [InlineData("--limit '99999999999' is not a whole number from 1 to 1000", "deployments", "--limit", "99999999999")]
    [InlineData("--limit '0' is not a whole number from 1 to 1000", "deployments", "--limit", "0", "--deployer", Closed)]
    [InlineData("--limit '-1' is not a whole number from 1 to 1000", "deployments", "--limit", "-1")]
    [InlineData("--limit '1.5' is not a whole number from 1 to 1000", "deployments", "-n", "1.5")]
    [InlineData("'ftp://deployer' is not an http(s) address", "deployments", "--deployer", "ftp://deployer")]
    [InlineData("--limit 'abc' is not a whole number from 1 to 1000", "builds", "-n", "abc", "--url", Closed)]
    [InlineData("--limit '5000' is not a whole number from 1 to 1000", "builds", "--limit", "5000", "--url", Closed)]
    [InlineData("build id 'abc' is not a whole number of 1 or more", "builds", "log", "abc", "--url", Closed)]
    [InlineData("build id '-3' is not a whole number of 1 or more", "builds", "log", "-3", "--url", Closed)]
    [InlineData("build id '99999999999999999999' is not a whole number of 1 or more", "builds", "log", "99999999999999999999")]
    [InlineData("Required argument missing for command: 'log'", "builds", "log", "--url", Closed)]
    [InlineData("the image to cancel is empty", "builds", "cancel", "", "--url", Closed)]
    [InlineData("'not-a-url' is not an http(s) address of the builder", "builds", "--url", "not-a-url")]
    [InlineData("'ht tp://watcher' is not an http(s) address", "watches", "--url", "ht tp://watcher")]
    [InlineData("'ftp://watcher' is not an http(s) address", "watches", "--url", "ftp://watcher")]
    [InlineData("--namespace 'Bad_NS' is not a Kubernetes namespace name", "export", "kubernetes", "--namespace", "Bad_NS")]
    [InlineData("Unrecognized command or argument 'deploy'", "deploy")]
    [InlineData("--build-arg '=x' is not NAME=VALUE", "plan", "--build-arg", "=x")]
    public async Task A_bad_argument_is_one_message_naming_it_and_exit_code_2(string message, params string[] args)
    {
        var run = await CliRun.InProcessAsync(args);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
        Assert.Equal("", run.Output);
        NoStackTrace(run);
    }

    [Fact]
    public async Task Revisions_that_are_empty_or_hold_control_characters_are_unknown_revisions()
    {
        using var repo = await ImageRepository.CreateAsync();

        var empty = await CliRun.InProcessAsync("plan", "--repository", repo.Path, "--to", "");
        var control = await CliRun.InProcessAsync("plan", "--repository", repo.Path, "--from", "HEAD\n--all");

        Assert.True(empty.ExitCode == 2 && empty.Error == $"error: unknown revision '' in {repo.Path}\n", empty.ToString());
        Assert.True(control.ExitCode == 2 && control.Error.StartsWith("error: unknown revision 'HEAD", StringComparison.Ordinal), control.ToString());
    }

    [Fact]
    public async Task A_repository_that_is_a_file_is_refused_as_not_a_folder()
    {
        using var folder = new TempDirectory("file-repo");
        var file = folder.Combine("repo.txt");
        File.WriteAllText(file, "not a folder\n");

        var run = await CliRun.InProcessAsync("plan", "--repository", file);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Equal($"error: the repository folder {file} is a file, not a folder\n", run.Error);
    }

    internal static void NoStackTrace(CliRun run)
    {
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", run.Error, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("unexpected", run.Error, StringComparison.Ordinal);
    }
}
