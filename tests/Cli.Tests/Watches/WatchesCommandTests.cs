using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.Contracts.Api;
using Platform.RegistryWatcher.Watches;
using Platform.Testing;

namespace Platform.Cli.Tests.Watches;

/// <summary>
/// <c>platform watches</c> against an HTTP endpoint that answers with the registry watcher's own
/// <see cref="WatchDocument"/> records, serialized as the watcher does (camelCase, enums as text).
/// </summary>
public sealed class WatchesCommandTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private readonly int port = FreePort.Next();
    private WebApplication? watcher;

    private static readonly WatchDocument[] States =
    [
        new("127.0.0.1:5000", "dataplatform/status-api", "latest", "digest", nameof(WatchOrigin.Catalogue), [], "latest",
            "sha256:4f2c1e0d9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e", Now.AddMinutes(-3), Now.AddSeconds(-2), Now.AddSeconds(3), null),
        new("registry-1.docker.io", "library/python", "3.12-slim", "digest", nameof(WatchOrigin.Upstream), ["dataplatform/base"], null,
            null, null, Now.AddSeconds(-30), Now.AddMinutes(9), "registry registry-1.docker.io could not be reached for library/python:3.12-slim: no route"),
        new("ghcr.io", "org/tool", "semver ^1.2", "semver", nameof(WatchOrigin.Configured), [], "1.4.2",
            "sha256:0000000000000000000000000000000000000000000000000000000000000001", Now.AddDays(-2), Now.AddSeconds(-1), Now.AddMinutes(10), null),
    ];

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        watcher = builder.Build();
        watcher.MapGet("/api/watches", () => Results.Ok(States));
        await watcher.StartAsync();
    }

    [Fact]
    public async Task The_watches_are_a_table_with_tag_digest_checks_and_errors_and_a_summary()
    {
        var run = await CliRun.InProcessAsync("watches", "--url", $"http://127.0.0.1:{port}");

        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = run.Output.Split('\n', StringSplitOptions.TrimEntries);
        Assert.StartsWith("IMAGE", lines[0]);
        Assert.Contains("LAST ERROR", lines[0]);
        var api = Assert.Single(lines, l => l.StartsWith("127.0.0.1:5000/dataplatform/status-api", StringComparison.Ordinal));
        Assert.Contains("catalogue", api);
        Assert.Contains("sha256:4f2c1e0d9b8a", api);
        Assert.Contains("2s ago", api);
        Assert.Contains("in 2s", api);
        var python = Assert.Single(lines, l => l.StartsWith("registry-1.docker.io/library/python", StringComparison.Ordinal));
        Assert.Contains("upstream", python);
        Assert.Contains("could not be reached for library/python:3.12-slim", python);
        Assert.Contains(lines, l => l.StartsWith("ghcr.io/org/tool", StringComparison.Ordinal) && l.Contains("semver ^1.2") && l.Contains("1.4.2"));
        Assert.Contains("3 watches, 2 announced, 1 error", run.Output);
    }

    [Fact]
    public async Task With_json_every_field_of_every_watch_is_written()
    {
        var run = await CliRun.InProcessAsync("watches", "--url", $"127.0.0.1:{port}", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var watches = JsonDocument.Parse(run.Output).RootElement.EnumerateArray().ToList();
        Assert.Equal(3, watches.Count);
        Assert.Equal("Upstream", watches[1].GetProperty("origin").GetString());
        Assert.Equal(["dataplatform/base"], watches[1].GetProperty("usedBy").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(States[0].AnnouncedDigest, watches[0].GetProperty("announcedDigest").GetString());
        Assert.Equal(States[2].NextCheckAt, watches[2].GetProperty("nextCheckAt").GetDateTimeOffset());
        Assert.Equal(JsonValueKind.Null, watches[0].GetProperty("lastError").ValueKind);
    }

    [Fact]
    public async Task With_errors_only_the_failing_watches_are_listed()
    {
        var run = await CliRun.InProcessAsync("watches", "--url", $"http://127.0.0.1:{port}", "--errors", "--json");

        var watch = Assert.Single(JsonDocument.Parse(run.Output).RootElement.EnumerateArray());
        Assert.Equal("library/python", watch.GetProperty("image").GetString());
    }

    [Fact]
    public async Task A_watcher_that_does_not_answer_is_one_error_line_and_exit_code_1()
    {
        var closed = FreePort.Next();

        var run = await CliRun.InProcessAsync("watches", "--url", $"http://127.0.0.1:{closed}");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Output);
        Assert.StartsWith($"error: could not read the watches from http://127.0.0.1:{closed}", run.Error);
        Assert.Single(run.Error.Trim().Split('\n'));
    }

    [Fact]
    public async Task Without_an_address_the_error_names_the_option_the_variable_and_the_endpoints_file_and_exits_2()
    {
        Environment.SetEnvironmentVariable("PLATFORM_WATCHER_URL", null);

        var run = await CliRun.InProcessAsync("watches");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("pass --url, set PLATFORM_WATCHER_URL, or start the beta environment", run.Error);
        Assert.Contains(".platform/endpoints.json", run.Error);
    }

    public async Task DisposeAsync()
    {
        if (watcher is not null)
        {
            await watcher.DisposeAsync();
        }
    }
}
