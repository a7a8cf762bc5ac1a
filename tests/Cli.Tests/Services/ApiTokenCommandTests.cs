using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Platform.Cli.Tests.Tool;
using Platform.ServiceDefaults.Access;
using Platform.Testing;

namespace Platform.Cli.Tests.Services;

/// <summary>
/// The commands that change something against a server with the services' own API rule (ServiceDefaults' ApiAccess) and their
/// endpoints' paths, reached on this machine's non-loopback address (the one allowed exception to "bind to 127.0.0.1": a request
/// to it is a real request from outside loopback). The endpoints behind the rule only answer as the services do; the rule is the real one.
/// </summary>
public sealed class ApiTokenCommandTests : IAsyncLifetime
{
    private const string Token = "cli-token-0123456789abcdef0123";
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(30);

    private WebApplication withToken = null!;
    private WebApplication withoutToken = null!;

    public async Task InitializeAsync()
    {
        withToken = await StartAsync(Token);
        withoutToken = await StartAsync(null);
    }

    public async Task DisposeAsync()
    {
        await withToken.DisposeAsync();
        await withoutToken.DisposeAsync();
    }

    [Theory]
    [InlineData("builds", "replan")]
    [InlineData("builds", "cancel", "etl-weather")]
    [InlineData("jobs", "run", "nightly")]
    [InlineData("promote", "etl-weather", "--to", "prod")]
    [InlineData("rollback", "etl-weather", "--env", "prod")]
    public async Task With_token_a_command_that_changes_something_is_accepted_from_another_machine_and_without_it_exits_3_saying_what_to_pass(params string[] command)
    {
        var address = Remote(withToken);

        var accepted = await CliRun.InProcessAsync([.. command, AddressOption(command), address, "--token", Token]);
        var refused = await RunExecutableAsync([.. command, AddressOption(command), address], token: "");
        var wrong = await CliRun.InProcessAsync([.. command, AddressOption(command), address, "--token", "not-the-token-0123456789"]);

        Assert.True(accepted.ExitCode == 0, accepted.ToString());
        Assert.True(refused.ExitCode == 3, refused.ToString());
        Assert.Contains("(401: An API token is required): from this address it wants the services' API token; pass --token or set PLATFORM_API_TOKEN", refused.Error, StringComparison.Ordinal);
        Assert.Equal("", refused.Output);
        Assert.True(wrong.ExitCode == 3, wrong.ToString());
        Assert.Contains("the API token given was not accepted", wrong.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-token", wrong.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_built_executable_takes_the_token_from_PLATFORM_API_TOKEN()
    {
        var run = await RunExecutableAsync(["jobs", "run", "nightly", "--url", Remote(withToken)], token: Token);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("a run of nightly started (platform deployments and the console show it)\n", run.Output);
    }

    [Fact]
    public async Task A_service_without_a_token_set_is_refused_with_exit_code_3_and_the_message_says_to_set_Api__Token()
    {
        var run = await CliRun.InProcessAsync("builds", "replan", "--url", Remote(withoutToken), "--token", Token);

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Contains("(403: This service takes calls that change state from this machine only)", run.Error, StringComparison.Ordinal);
        Assert.Contains("set Api__Token on the services", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task From_the_services_own_machine_no_token_is_needed()
    {
        var run = await RunExecutableAsync(["builds", "replan", "--url", withToken.Urls.Single(u => new Uri(u).Host == "127.0.0.1")], token: "");

        Assert.True(run.ExitCode == 0, run.ToString());
    }

    private static string AddressOption(string[] command) => command[0] is "promote" or "rollback" ? "--deployer" : "--url";

    private static string Remote(WebApplication app) => app.Urls.Single(u => new Uri(u).Host != "127.0.0.1");

    private static Task<CliRun> RunExecutableAsync(string[] args, string token) =>
        ToolProcess.RunAsync(Path.Combine(AppContext.BaseDirectory, "Platform.Cli"), args, RunTimeout, AppContext.BaseDirectory,
            new Dictionary<string, string> { ["PLATFORM_API_TOKEN"] = token });

    /// <summary>The services' API rule in front of answers shaped as the builder's and the deployer's.</summary>
    private static async Task<WebApplication> StartAsync(string? token)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Api:Token"] = token });
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            kestrel.Listen(MachineAddress.NonLoopback(), 0);
        });
        builder.AddApiAccess();
        var app = builder.Build();
        var api = app.MapApi();
        api.MapPost("/api/commits/replan", () => Results.Accepted());
        api.MapPost("/api/builds/cancel", (string image) => Results.Accepted());
        api.MapPost("/api/jobs/run", (string job) => Results.Accepted(value: new { job, message = $"{job}: run 1 started now" }));
        api.MapGet("/api/environment", () => Results.Json(new { environment = "prod" }));
        api.MapPost("/api/promotions", () => Results.Json(new { status = "Accepted", message = "prod: accepted the promotion" }, statusCode: 202));
        api.MapPost("/api/rollbacks", () => Results.Json(new { status = "Accepted", message = "prod: accepted the rollback" }, statusCode: 202));
        using var cts = new CancellationTokenSource(RunTimeout);
        await app.StartAsync(cts.Token);
        return app;
    }
}
