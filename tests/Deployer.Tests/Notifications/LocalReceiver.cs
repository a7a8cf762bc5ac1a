using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Platform.Deployer.Tests.Notifications;

/// <summary>One request a <see cref="LocalReceiver"/> got, and what it answered.</summary>
public sealed record ReceivedRequest(string Path, IReadOnlyDictionary<string, string> Headers, string Body, int Answer, DateTimeOffset At);

/// <summary>
/// A real HTTP receiver of notifications on 127.0.0.1 (a free port): it answers the statuses given in turn (then 200 <c>ok</c>, as Slack
/// does), or never answers when it hangs; as a Slack receiver it answers 400 <c>invalid_payload</c> to a body that is not of the shape Slack documents.
/// </summary>
public sealed class LocalReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<int> answers;

    private LocalReceiver(WebApplication app, IEnumerable<int> answers)
    {
        this.app = app;
        this.answers = new ConcurrentQueue<int>(answers);
    }

    public ConcurrentQueue<ReceivedRequest> Received { get; } = new();

    public string BaseUrl => app.Urls.First();

    public static async Task<LocalReceiver> StartAsync(bool slack = false, bool hang = false, IEnumerable<int>? answers = null, TimeSpan? retryAfter = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new LocalReceiver(app, answers ?? []);
        app.MapPost("/{**path}", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            if (hang)
            {
                receiver.Received.Enqueue(new(context.Request.Path, headers, body, 0, DateTimeOffset.UtcNow));
                await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return Results.Empty;
            }

            var status = receiver.answers.TryDequeue(out var scripted) ? scripted : 200;
            if (status == 200 && slack && SlackShape.Problems(body) is { Count: > 0 })
            {
                status = 400;
            }

            receiver.Received.Enqueue(new(context.Request.Path, headers, body, status, DateTimeOffset.UtcNow));
            if (status == 429 && retryAfter is { } after)
            {
                context.Response.Headers.RetryAfter = ((int)after.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return status == 400 && slack ? Results.Text("invalid_payload", statusCode: 400) : Results.Text(status == 200 ? "ok" : "error", statusCode: status);
        });
        await app.StartAsync();
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await app.StopAsync(stop.Token);
        await app.DisposeAsync();
    }
}
