using Microsoft.AspNetCore.Http;
using Platform.Testing;

namespace Platform.Cli.Tests.BadInput;

/// <summary>
/// Services that answer, but not with what they write (an HTML page, an error, JSON of another shape), played by a
/// scripted local HTTP server: one message naming the service and the request, and exit code 1 (not 2: the input was fine).
/// </summary>
public sealed class BadServiceAnswerTests : IAsyncLifetime
{
    private ScriptedRegistry server = null!;

    public async Task InitializeAsync() => server = await ScriptedRegistry.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Theory]
    [InlineData(200, "text/html", "<html>Sign in</html>", "the builder at {0}/ answered GET /api/builds?limit=20 with something that is not its JSON", "builds")]
    [InlineData(200, "application/json", "null", "the builder at {0}/ answered GET /api/builds?limit=20 with JSON null", "builds")]
    [InlineData(200, "application/json", "[{\"id\":\"seven\"}]", "the builder answered something that is not what it writes", "builds")]
    [InlineData(500, "text/plain", "boom\nat line two", "the builder answered 500 to GET /api/builds?limit=20: boom", "builds")]
    [InlineData(404, "application/json", "{\"detail\":\"no build 7\"}", "the builder answered 404 to GET /api/builds/7/log: {\"detail\":\"no build 7\"}", "builds", "log", "7")]
    [InlineData(200, "application/json", "{\"rows\":[]}", "the deployer at {0} answered GET /api/deployments?limit=20 with something that is not its history", "deployments")]
    [InlineData(200, "application/json", "[{\"id\":1}]", "the deployer at {0} answered GET /api/deployments?limit=20 with rows that lack a service, digest or outcome", "deployments")]
    [InlineData(200, "application/json", "[{\"registry\":null}]", "the registry watcher at {0} answered watches without registry, image, watch or origin", "watches")]
    [InlineData(200, "text/html", "<html/>", "could not read the watches from {0}", "watches")]
    public async Task A_service_answering_garbage_is_one_message_and_exit_code_1(int status, string contentType, string body, string message, params string[] command)
    {
        server.Answer = async context =>
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = contentType;
            await context.Response.WriteAsync(body);
        };
        var url = server.BaseUri.ToString().TrimEnd('/');
        var option = command[0] == "deployments" ? "--deployer" : "--url";

        var run = await CliRun.InProcessAsync([.. command, option, url]);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains(message.Replace("{0}", url, StringComparison.Ordinal), run.Error, StringComparison.Ordinal);
        Assert.Single(run.Error.TrimEnd().Split('\n'));
        Assert.Equal("", run.Output);
        BadArgumentTests.NoStackTrace(run);
    }
}
