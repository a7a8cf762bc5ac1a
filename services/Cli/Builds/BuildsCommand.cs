using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Platform.Cli.Services;

namespace Platform.Cli.Builds;

/// <summary><c>platform builds</c>: the builder's history; <c>log</c> and <c>cancel</c> for one build.</summary>
public static class BuildsCommand
{
    private const string Service = "builder";

    public static Command Create()
    {
        var url = ServiceEndpoint.UrlOption(Service);
        url.Recursive = true; // `platform builds log 7 --url ...` as well as `platform builds --url ... log 7`
        var image = new Option<string?>("--image") { Description = "Only the builds of this image", HelpName = "name" };
        var limit = WholeNumbers.Limit("How many builds, newest first", 20, 1000);
        var json = new Option<bool>("--json") { Description = "Write the builder's JSON instead of a table" };
        var command = new Command("builds", "Show the build history: image, commit, platforms and digests, duration, outcome")
        {
            url, image, limit, json, Log(url), Cancel(url), Replan(url),
        };
        command.SetAction((result, cancellationToken) => Run(result, async (client, output) =>
        {
            var query = $"/api/builds?limit={result.GetValue(limit).ToString(CultureInfo.InvariantCulture)}" +
                (result.GetValue(image) is { } name ? $"&image={Uri.EscapeDataString(name)}" : "");
            var builds = await client.GetAsync(query, CliJson.Default.ListJsonElement, cancellationToken);
            if (result.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(builds, CliJson.Indented.ListJsonElement));
            }
            else
            {
                // The whole table or nothing: an answer of another shape fails in the middle of it.
                using var table = new StringWriter();
                await BuildsTable.WriteAsync(builds, table);
                await output.WriteAsync(table.ToString());
            }
        }, result.GetValue(url), cancellationToken));
        return command;
    }

    private static Command Log(Option<string?> url)
    {
        var id = new Argument<long>("id")
        {
            Description = "The build's id, as `platform builds` lists it",
            CustomParser = result => WholeNumbers.Parse(result, "build id", 1, long.MaxValue),
        };
        var command = new Command("log", "Print one build's log, every platform's lines prefixed with the platform") { id };
        command.SetAction((result, cancellationToken) => Run(result,
            async (client, output) => await output.WriteAsync(await client.GetTextAsync($"/api/builds/{result.GetValue(id)}/log", cancellationToken)),
            result.GetValue(url), cancellationToken));
        return command;
    }

    private static Command Cancel(Option<string?> url)
    {
        var image = new Argument<string>("image") { Description = "The image whose build to cancel" };
        image.Validators.Add(result =>
        {
            if (string.IsNullOrWhiteSpace(result.GetValueOrDefault<string>()))
            {
                result.AddError("the image to cancel is empty; name it as `platform builds` lists it");
            }
        });
        var token = ApiTokenOption.Create();
        var command = new Command("cancel", "Cancel the build of an image that the builder runs now; nothing of it is pushed") { image, token };
        command.SetAction((result, cancellationToken) => Run(result, async (client, output) =>
        {
            await client.PostAsync($"/api/builds/cancel?image={Uri.EscapeDataString(result.GetValue(image)!)}", cancellationToken);
            await output.WriteLineAsync($"cancelling the build of {result.GetValue(image)}");
        }, result.GetValue(url), cancellationToken, ApiTokenOption.Resolve(result.GetValue(token))));
        return command;
    }

    private static Command Replan(Option<string?> url)
    {
        var token = ApiTokenOption.Create();
        var command = new Command("replan", "Plan the followed revision again now: what failed there is built again at once (a pushed build is never built twice)")
        {
            token,
        };
        command.SetAction((result, cancellationToken) => Run(result, async (client, output) =>
        {
            await client.PostAsync("/api/commits/replan", cancellationToken);
            await output.WriteLineAsync("the builder plans the followed revision again; platform builds shows the new attempts");
        }, result.GetValue(url), cancellationToken, ApiTokenOption.Resolve(result.GetValue(token))));
        return command;
    }

    private static async Task<int> Run(
        ParseResult result, Func<ServiceClient, TextWriter, Task> action, string? url, CancellationToken cancellationToken, string? token = null)
    {
        try
        {
            using var client = new ServiceClient(Service, await ServiceEndpoint.ResolveAsync(Service, url, cancellationToken), token);
            await action(client, result.InvocationConfiguration.Output);
            return 0;
        }
        catch (CommandLineException e)
        {
            await result.InvocationConfiguration.Error.WriteLineAsync($"error: {e.Message}");
            return e.ExitCode;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            await result.InvocationConfiguration.Error.WriteLineAsync($"error: the {Service} answered something that is not what it writes: {e.Message}");
            return ExitCodes.Failed;
        }
    }
}
