using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Cli;
using Platform.Deployer.Rollouts;
using Platform.ServiceDefaults;
using Platform.Testing;

namespace Platform.Deployer.Tests.Cli;

/// <summary><c>platform deployments</c> against the deployer's real HTTP endpoint and history, served on a loopback port.</summary>
public sealed class DeploymentsCommandTests : IAsyncLifetime
{
    private readonly TempDirectory data = new("deployments-cli");
    private WebApplication app = null!;
    private string url = "";

    public async Task InitializeAsync()
    {
        var options = new DeployerOptions { DataDirectory = data.Path };
        var history = new DeploymentHistory(Options.Create(options));
        var at = new DateTimeOffset(2026, 11, 26, 8, 0, 0, TimeSpan.Zero);
        await history.RecordAsync(new DeploymentRecord("status-api", "sha256:" + new string('1', 64), "1111111aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", Guid.NewGuid(),
            DeploymentOutcome.Succeeded, "c1", "http://127.0.0.1:32768", null, at), CancellationToken.None);
        await history.RecordAsync(new DeploymentRecord("status-api", "sha256:" + new string('2', 64), "2222222bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", Guid.NewGuid(),
            DeploymentOutcome.RolledBack, null, null, "status-api: the new container exited with code 3 before it was healthy", at.AddMinutes(5))
        { PreviousDigest = "sha256:" + new string('1', 64), LogTail = ["web: reading /etc/web.conf", "web: fatal: /etc/web.conf is missing"] }, CancellationToken.None);
        await history.RecordAsync(new DeploymentRecord("etl-weather", "sha256:" + new string('3', 64), null, Guid.NewGuid(),
            DeploymentOutcome.Scheduled, null, null, null, at.AddMinutes(6)) { Detail = "the run scheduled at 2026-11-26 08:15:00 UTC (*/15 * * * *) is the first to use it" },
            CancellationToken.None);
        var interrupted = await history.RecordAsync(new DeploymentRecord("status-api", "sha256:" + new string('4', 64), "4444444ccccccccccccccccccccccccccccccccc", Guid.NewGuid(),
            DeploymentOutcome.Interrupted, null, null, "interrupted: the deployer shut down before it finished", at.AddMinutes(10)), CancellationToken.None);
        await history.RecordAsync(new DeploymentRecord("status-api", "sha256:" + new string('4', 64), "4444444ccccccccccccccccccccccccccccccccc", Guid.NewGuid(),
            DeploymentOutcome.Succeeded, "c4", "http://127.0.0.1:32769", null, at.AddMinutes(12)) { RetryOf = interrupted, Attempt = 2 }, CancellationToken.None);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddServiceDefaults();
        builder.Services.AddSingleton(history);
        app = builder.Build();
        app.MapDeploymentEndpoints();
        await app.StartAsync();
        url = app.Urls.First();
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        SqliteConnection.ClearAllPools();
        data.Dispose();
    }

    [Fact(Timeout = 30_000)]
    public async Task Shows_the_history_newest_first_with_digest_commit_time_outcome_and_what_went_wrong()
    {
        var (exitCode, output, error) = await RunAsync("deployments", "--deployer", url);

        Assert.True(exitCode == 0, $"exit code {exitCode}: {error}");
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("ID  TIME (UTC)           SERVICE      OUTCOME      DIGEST               COMMIT   DETAIL", lines[0]);
        Assert.Equal("5   2026-11-26 08:12:00  status-api   Succeeded    sha256:444444444444  4444444  redo of #4 (attempt 2): http://127.0.0.1:32769", lines[1]);
        Assert.Equal("4   2026-11-26 08:10:00  status-api   Interrupted  sha256:444444444444  4444444  interrupted: the deployer shut down before it finished", lines[2]);
        Assert.Equal("3   2026-11-26 08:06:00  etl-weather  Scheduled    sha256:333333333333  -        the run scheduled at 2026-11-26 08:15:00 UTC (*/15 * * * *) is the first to use it", lines[3]);
        Assert.Equal("2   2026-11-26 08:05:00  status-api   RolledBack   sha256:222222222222  2222222  status-api: the new container exited with code 3 before it was healthy", lines[4]);
        // The rolled-back container's last lines, under its row.
        Assert.Equal("    | web: reading /etc/web.conf", lines[5]);
        Assert.Equal("    | web: fatal: /etc/web.conf is missing", lines[6]);
        Assert.Equal("1   2026-11-26 08:00:00  status-api   Succeeded    sha256:111111111111  1111111  http://127.0.0.1:32768", lines[7]);
    }

    [Fact(Timeout = 30_000)]
    public async Task Filters_by_service_and_writes_json_with_every_field()
    {
        var (exitCode, output, _) = await RunAsync("deployments", "--deployer", url, "--service", "status-api", "--limit", "3", "--json");

        Assert.Equal(0, exitCode);
        var rows = JsonDocument.Parse(output).RootElement.EnumerateArray().ToList();
        Assert.Equal(3, rows.Count);
        Assert.Equal(("status-api", "Succeeded", 4, 2),
            (rows[0].GetProperty("service").GetString(), rows[0].GetProperty("outcome").GetString(), rows[0].GetProperty("retryOf").GetInt64(), rows[0].GetProperty("attempt").GetInt32()));
        Assert.Equal(("Interrupted", JsonValueKind.Null, 1),
            (rows[1].GetProperty("outcome").GetString(), rows[1].GetProperty("retryOf").ValueKind, rows[1].GetProperty("attempt").GetInt32()));
        Assert.Equal(("RolledBack", "sha256:" + new string('1', 64)), (rows[2].GetProperty("outcome").GetString(), rows[2].GetProperty("previousDigest").GetString()));
        Assert.Equal(["web: reading /etc/web.conf", "web: fatal: /etc/web.conf is missing"], rows[2].GetProperty("logTail").EnumerateArray().Select(l => l.GetString()));
    }

    [Theory(Timeout = 30_000)]
    [InlineData(null, 2, "error: no deployer address: pass --deployer http://host:port, set PLATFORM_DEPLOYER_URL, or start the beta environment")]
    [InlineData("http://127.0.0.1:1", 1, "error: the deployer at http://127.0.0.1:1 did not answer GET /api/deployments?limit=20")]
    public async Task Without_a_deployer_address_it_exits_2_and_with_one_that_does_not_answer_1_saying_so_on_stderr(string? deployer, int expected, string message)
    {
        var (exitCode, output, error) = deployer is null ? await RunAsync("deployments") : await RunAsync("deployments", "--deployer", deployer);

        Assert.Equal((expected, ""), (exitCode, output));
        Assert.StartsWith(message, error, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await PlatformCommandLine.InvokeAsync(args, output, error, CancellationToken.None);
        return (exitCode, output.ToString(), error.ToString());
    }
}
