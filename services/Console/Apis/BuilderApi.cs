using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;

namespace Platform.Console.Apis;

/// <summary>The builder's API: history, logs, the commit poller, and the two actions the CLI has (cancel, check now).</summary>
public sealed class BuilderApi(HttpClient http, IHttpClientFactory clients, ApiCache cache) : ServiceApi(http, cache, "builder")
{
    /// <summary>The client for log streams: no timeout and no retries (a build may run for many minutes).</summary>
    public const string StreamClient = "builder-log-stream";

    public Task<Answer<List<BuildDocument>>> BuildsAsync(int limit, CancellationToken cancellationToken) =>
        GetAsync<List<BuildDocument>>($"/api/builds?limit={limit}", cancellationToken);

    public Task<Answer<List<BuildDocument>>> BuildsOfAsync(string image, int limit, CancellationToken cancellationToken) =>
        GetAsync<List<BuildDocument>>($"/api/builds?image={Uri.EscapeDataString(image)}&limit={limit}", cancellationToken);

    /// <summary><c>GET /api/catalog</c>: the catalogue at the followed revision.</summary>
    public Task<Answer<CatalogueDocument>> CatalogueAsync(CancellationToken cancellationToken) =>
        GetAsync<CatalogueDocument>("/api/catalog", cancellationToken);

    public Task<Answer<CommitStatusDocument>> CommitStatusAsync(CancellationToken cancellationToken) =>
        GetAsync<CommitStatusDocument>("/api/commits", cancellationToken);

    public Task<Answer<List<string>>> RunningAsync(CancellationToken cancellationToken) =>
        GetAsync<List<string>>("/api/builds/running", cancellationToken);

    public async Task<Answer<string>> LogAsync(long id, CancellationToken cancellationToken)
    {
        try
        {
            return Answer<string>.Of(await Http.GetStringAsync($"/api/builds/{id}/log", cancellationToken));
        }
        catch (HttpRequestException e)
        {
            return Answer<string>.Failed($"the builder has no log of build {id}: {e.Message}");
        }
    }

    /// <summary>The lines of one attempt's log as they are written (<c>GET /api/builds/attempts/{id}/log?follow=true</c>), until it ends.</summary>
    public async IAsyncEnumerable<SseItem<string>> FollowLogAsync(
        Guid attemptId, string image, string commit, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var client = clients.CreateClient(StreamClient);
        var path = $"/api/builds/attempts/{attemptId}/log?image={Uri.EscapeDataString(image)}&commit={Uri.EscapeDataString(commit)}&follow=true";
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            yield return new SseItem<string>($"the builder answered {(int)response.StatusCode} {response.ReasonPhrase}", "error");
            yield break;
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        await foreach (var item in SseParser.Create(stream).EnumerateAsync(cancellationToken))
        {
            yield return item;
        }
    }

    /// <summary>The CLI's <c>platform builds cancel</c>: <c>POST /api/builds/cancel?image=</c>.</summary>
    public Task<ActionOutcome> CancelAsync(string image, CancellationToken cancellationToken) =>
        PostAsync($"/api/builds/cancel?image={Uri.EscapeDataString(image)}", $"The build of {image} is being cancelled", cancellationToken);

    /// <summary>The CLI's <c>platform builds replan</c>: <c>POST /api/commits/replan</c>, what failed at the followed revision is built again now.</summary>
    public Task<ActionOutcome> ReplanAsync(CancellationToken cancellationToken) =>
        PostAsync("/api/commits/replan", "The builder plans the followed revision again: what failed there is built again now", cancellationToken);

    /// <summary>What a git hook calls: <c>POST /api/commits/check</c>.</summary>
    public Task<ActionOutcome> CheckNowAsync(CancellationToken cancellationToken) =>
        PostAsync("/api/commits/check", "The builder looks at the repository now", cancellationToken);
}
