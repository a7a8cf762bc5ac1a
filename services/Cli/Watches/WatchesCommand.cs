using System.CommandLine;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Cli.Services;

using Platform.Contracts.Api;

namespace Platform.Cli.Watches;

/// <summary><c>platform watches</c>: what the registry watcher watches, the digest it announced last, its last and next check and last error.</summary>
public static class WatchesCommand
{
    private const string Service = "registry-watcher";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    public static Command Create()
    {
        var url = ServiceEndpoint.UrlOption(Service);
        url.Aliases.Add("-u");
        var errors = new Option<bool>("--errors") { Description = "Only the watches whose last check failed" };
        var json = new Option<bool>("--json") { Description = "Write the watches as one JSON document instead of a table" };
        var command = new Command("watches", "Show what the registry watcher watches: tags, policies, announced digests, checks and errors")
        {
            url, errors, json,
        };
        command.SetAction((result, cancellationToken) => RunAsync(
            result.GetValue(url),
            result.GetValue(errors),
            result.GetValue(json),
            result.InvocationConfiguration.Output,
            result.InvocationConfiguration.Error,
            cancellationToken));
        return command;
    }

    /// <param name="url">--url; without it $PLATFORM_WATCHER_URL, else the running beta environment's .platform/endpoints.json.</param>
    public static async Task<int> RunAsync(string? url, bool onlyErrors, bool json, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        // "host:port" means http, as the dashboard shows the address.
        var baseUri = await ServiceEndpoint.ResolveAsync(Service, url is null || url.Contains("://", StringComparison.Ordinal) ? url : "http://" + url, cancellationToken);

        List<WatchDocument> watches;
        try
        {
            using var http = new HttpClient { Timeout = Timeout };
            watches = await http.GetFromJsonAsync(new Uri(baseUri, "/api/watches"), WatchJsonContext.Default.ListWatchDocument, cancellationToken) ?? [];
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or NotSupportedException
            || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            var reason = e is TaskCanceledException ? $"no answer within {Timeout.TotalSeconds:0} s" : e.Message;
            await error.WriteLineAsync($"error: could not read the watches from {baseUri.GetLeftPart(UriPartial.Authority)}: {reason}");
            return ExitCodes.Failed;
        }

        if (watches.Any(w => w is null || w.Registry is null || w.Image is null || w.Watch is null || w.Origin is null))
        {
            await error.WriteLineAsync($"error: the registry watcher at {baseUri.GetLeftPart(UriPartial.Authority)} answered watches without registry, image, watch or origin");
            return ExitCodes.Failed;
        }

        var shown = onlyErrors ? [.. watches.Where(w => w.LastError is not null)] : watches;
        if (json)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(shown, WatchJsonContext.Default.ListWatchDocument));
        }
        else
        {
            WatchesTableRenderer.Write(shown, watches, DateTimeOffset.UtcNow, output);
        }

        return 0;
    }
}
