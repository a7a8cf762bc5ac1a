using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Platform.Builder.Coordinator.Statuses;
using Platform.Testing.Forges;

namespace Platform.Builder.Tests.Statuses;

/// <summary>A provider's client, the queue and the sender as the builder wires them, against a fake of the provider's API.</summary>
public sealed class StatusFixture : IAsyncDisposable
{
    public const string Commit = "0123456789abcdef0123456789abcdef01234567";

    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private CommitStatusSender? sender;

    private StatusFixture(FakeForgeStatusApi api, string provider, TimeSpan timeout)
    {
        Api = api;
        Options = Microsoft.Extensions.Options.Options.Create(new CommitStatusOptions
        {
            Provider = provider,
            ApiUrl = api.ApiUrl,
            Token = api.Token,
            Repository = api.Repository,
            Timeout = timeout,
            QueueCapacity = 10,
        });
        Client = provider switch
        {
            "github" => new GitHubStatusClient(http, Options),
            "gitlab" => new GitLabStatusClient(http, Options),
            _ => new GiteaStatusClient(http, Options),
        };
        Queue = new CommitStatusQueue(Options, TimeProvider.System, NullLogger<CommitStatusQueue>.Instance);
    }

    public FakeForgeStatusApi Api { get; }

    public IOptions<CommitStatusOptions> Options { get; }

    public ForgeStatusClient Client { get; }

    public CommitStatusQueue Queue { get; }

    public RecordingLogger<CommitStatusSender> Log { get; } = new();

    public static async Task<StatusFixture> StartAsync(string provider, TimeSpan? timeout = null)
    {
        FakeForgeStatusApi api = provider switch
        {
            "github" => await FakeGitHubStatusApi.StartAsync(),
            "gitlab" => await FakeGitLabStatusApi.StartAsync(),
            "gitea" => await FakeGiteaStatusApi.StartAsync(),
            _ => throw new ArgumentException(provider),
        };
        return new StatusFixture(api, provider, timeout ?? TimeSpan.FromSeconds(5));
    }

    /// <summary>Starts the background sender on the queue.</summary>
    public Task StartSenderAsync()
    {
        sender = new CommitStatusSender(Queue, Client, Options, TimeProvider.System, Log);
        return sender.StartAsync(CancellationToken.None);
    }

    public async Task<SendResult> SendAsync(CommitStatus status)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await Client.SendAsync(status, cts.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (sender is not null)
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await sender.StopAsync(cts.Token);
            sender.Dispose();
        }

        await Api.DisposeAsync();
        http.Dispose();
    }
}
