using System.Text.Json;
using Platform.Cli;
using Platform.Deployer.Tests.Promotions;
using Platform.Testing;

namespace Platform.Deployer.Tests.Cli;

/// <summary>
/// <c>platform environments</c>, <c>history</c>, <c>promote</c> and <c>rollback</c> against two real deployers (beta and prod, approval
/// required): exit codes, the one line on stderr of a refusal, and what the tables say.
/// </summary>
[Collection(DeployerCollection.Name)]
public sealed class PromotionCommandLineTests(DeployerFixture fixture)
{
    [Fact(Timeout = 150_000)]
    public async Task Promote_history_environments_and_rollback_answer_with_their_exit_codes_and_say_why()
    {
        await using var environments = await TwoEnvironments.StartAsync(fixture, "{ from: BETA, after: 3s, approval: required }");
        var (beta, prod) = (environments.Beta, environments.Prod);
        var short1 = fixture.Images.V1[..19];
        await environments.AnnounceAsync(fixture.Images.V1, "1111111aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
        await environments.WaitServingAsync(beta, fixture.Images.V1, TimeSpan.FromSeconds(40));

        var early = await RunAsync("promote", "web", "--to", prod, "--deployer", environments.ProdUrl, "--digest", fixture.Images.V1);
        Assert.Equal((2, ""), (early.ExitCode, early.Output));
        Assert.StartsWith($"error: {fixture.Images.V1} does not qualify for web in {prod}: it has run in {beta} for", early.Error, StringComparison.Ordinal);
        Assert.Contains("; nothing was deployed", early.Error, StringComparison.Ordinal);

        await Eventually.WaitAsync(async _ => (await environments.WebStateAsync(environments.ProdApi)).GetProperty("promotion").GetProperty("state").GetString(),
            state => state == "awaiting-approval", TimeSpan.FromSeconds(20), "v1 to await approval");
        var table = await RunAsync("environments", "--deployer", environments.BetaUrl, "--deployer", environments.ProdUrl);
        Assert.Equal(0, table.ExitCode);
        var lines = table.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("ENVIRONMENT  DEPLOYMENT  KIND     RUNS                 SINCE (UTC)          STATE", lines[0], StringComparison.Ordinal);
        Assert.Matches($"^{beta}  +web +service +{short1} +[0-9-]+ [0-9:]+ +follows tag {environments.Tag}$", lines[1]);
        Assert.Matches($"^{prod}  +web +service +- +- +awaiting-approval$", lines[2]);
        Assert.Equal($"    nothing runs yet; {short1} qualified in {beta} and awaits approval: platform promote web --to {prod}", lines[3]);

        var promoted = await RunAsync("promote", "web", "--to", prod, "--deployer", environments.ProdUrl);
        Assert.Equal((0, ""), (promoted.ExitCode, promoted.Error));
        Assert.Equal([$"{prod}: accepted the promotion of web to {fixture.Images.V1} (from {beta})", $"Follow it with: platform history web --env {prod}"],
            promoted.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        await environments.WaitServingAsync(prod, fixture.Images.V1, TimeSpan.FromSeconds(40));
        var again = await RunAsync("promote", "web", "--to", prod, "--deployer", environments.ProdUrl);
        var againByDigest = await RunAsync("promote", "web", "--to", prod, "--deployer", environments.ProdUrl, "--digest", fixture.Images.V1);
        Assert.Equal((0, 0), (again.ExitCode, againByDigest.ExitCode));
        Assert.StartsWith($"web: {short1} runs since ", again.Output, StringComparison.Ordinal);
        Assert.EndsWith($"; nothing newer has run in {beta}\n", again.Output, StringComparison.Ordinal);
        Assert.StartsWith($"web runs {fixture.Images.V1} in {prod} already", againByDigest.Output, StringComparison.Ordinal);

        var history = await RunAsync("history", "web", "--env", prod, "--deployer", environments.ProdUrl);
        Assert.Equal(0, history.ExitCode);
        var rows = history.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("ID  DIGEST               COMMIT   FROM", rows[0], StringComparison.Ordinal);
        Assert.Matches($"^1   {short1}  1111111  {beta} #1  [0-9-]+ [0-9:]+  runs +-$", rows[1]);
        Assert.Equal(2, rows.Length);

        var nothingBefore = await RunAsync("rollback", "web", "--env", prod, "--deployer", environments.ProdUrl);
        Assert.Equal(2, nothingBefore.ExitCode);
        Assert.StartsWith($"error: no earlier digest served web in {prod}", nothingBefore.Error, StringComparison.Ordinal);
    }

    [Fact(Timeout = 150_000)]
    public async Task A_wrong_environment_an_unknown_deployment_or_digest_exit_2_and_a_deployer_that_does_not_answer_exits_1()
    {
        await using var environments = await TwoEnvironments.StartAsync(fixture, "{ from: BETA, after: 1h }");
        var prod = environments.Prod;

        var wrong = await RunAsync("promote", "web", "--to", "staging", "--deployer", environments.ProdUrl);
        var unknown = await RunAsync("promote", "nope", "--to", prod, "--deployer", environments.ProdUrl);
        var notADigest = await RunAsync("promote", "web", "--to", prod, "--deployer", environments.ProdUrl, "--digest", "abc");
        var neverRan = await RunAsync("promote", "web", "--to", prod, "--deployer", environments.ProdUrl, "--digest", fixture.Images.V2);
        var followsATag = await RunAsync("promote", "web", "--to", environments.Beta, "--deployer", environments.BetaUrl);
        var down = await RunAsync("history", "web", "--env", prod, "--deployer", "http://127.0.0.1:1");
        var noTarget = await RunAsync("promote", "web");

        Assert.Equal((2, 2, 2, 2), (wrong.ExitCode, unknown.ExitCode, notADigest.ExitCode, neverRan.ExitCode));
        Assert.StartsWith($"error: the deployer at {environments.ProdUrl}/ runs the environment {prod}, not staging", wrong.Error, StringComparison.Ordinal);
        Assert.StartsWith($"error: {prod} has no deployment 'nope' at ", unknown.Error, StringComparison.Ordinal);
        Assert.Equal("error: 'abc' is not a digest (sha256: and 64 hexadecimal digits); nothing was deployed", FirstLine(notADigest.Error));
        Assert.StartsWith($"error: {fixture.Images.V2} never ran as web in {environments.Beta}", neverRan.Error, StringComparison.Ordinal);
        Assert.Equal(2, followsATag.ExitCode);
        Assert.StartsWith($"error: service web follows tag {environments.Tag} in {environments.Beta}; it is not promoted", followsATag.Error, StringComparison.Ordinal);
        Assert.Equal((1, ""), (down.ExitCode, down.Output));
        Assert.StartsWith("error: the deployer at http://127.0.0.1:1/ does not answer", down.Error, StringComparison.Ordinal);
        Assert.Equal(2, noTarget.ExitCode);
        Assert.Contains("--to", noTarget.Error, StringComparison.Ordinal);
        Assert.Null(await environments.ServingAsync(prod));
        var ledger = await environments.GetAsync(environments.ProdApi, "api/ledger");
        Assert.Equal(JsonValueKind.Array, ledger.ValueKind);
        Assert.Empty(ledger.EnumerateArray());
    }

    private static string FirstLine(string text) => text.Split('\n')[0];

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await PlatformCommandLine.InvokeAsync(args, output, error, CancellationToken.None);
        return (exitCode, output.ToString(), error.ToString());
    }
}
