using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Platform.Contracts;
using Platform.Registry;
using Platform.RegistryWatcher.Watches;
using Platform.Testing;

namespace Platform.RegistryWatcher.Tests;

/// <summary>Announcing once per transition, with the real SQLite store; the bus is replaced by a list of what was published.</summary>
public sealed class DigestAnnouncerTests : IDisposable
{
    private static readonly WatchKey Api = new("dataplatform/status-api", "latest");
    private readonly TempDirectory data;
    private readonly RecordingPublisher published;

    public DigestAnnouncerTests()
    {
        data = new TempDirectory("watcher");
        published = new RecordingPublisher(data.Path);
    }

    [Fact]
    public async Task The_first_digest_of_a_tag_is_announced_with_no_previous_digest()
    {
        Assert.True(await NewAnnouncer().ObserveAsync(Api, "sha256:aaa", DigestSource.Poll, null, null, CancellationToken.None));

        var announcement = Assert.Single(published.Messages);
        Assert.Null(announcement.PreviousDigest);
        Assert.Equal("sha256:aaa", announcement.Digest);
        Assert.Equal(DigestSource.Poll, announcement.DetectedBy);
    }

    [Fact]
    public async Task The_same_digest_seen_again_by_a_poll_and_a_hint_is_not_announced_again()
    {
        var announcer = NewAnnouncer();
        var correlation = Guid.NewGuid();
        await announcer.ObserveAsync(Api, "sha256:aaa", DigestSource.BuilderHint, "c0ffee", correlation, CancellationToken.None);

        Assert.False(await announcer.ObserveAsync(Api, "sha256:aaa", DigestSource.Poll, null, null, CancellationToken.None));
        Assert.False(await announcer.ObserveAsync(Api, "sha256:aaa", DigestSource.BuilderHint, "c0ffee", correlation, CancellationToken.None));

        var announcement = Assert.Single(published.Messages);
        Assert.Equal("c0ffee", announcement.Commit);
        Assert.Equal(correlation, announcement.CorrelationId);
    }

    [Fact]
    public async Task A_new_digest_is_announced_with_the_digest_announced_before()
    {
        var announcer = NewAnnouncer();
        await announcer.ObserveAsync(Api, "sha256:aaa", DigestSource.Poll, null, null, CancellationToken.None);
        await announcer.ObserveAsync(Api, "sha256:bbb", DigestSource.Poll, null, null, CancellationToken.None);

        Assert.Equal(["sha256:aaa", "sha256:bbb"], published.Messages.Select(m => m.Digest));
        Assert.Equal("sha256:aaa", published.Messages[1].PreviousDigest);
    }

    [Fact]
    public async Task A_restarted_watcher_does_not_announce_a_digest_it_announced_before_it_stopped()
    {
        await NewAnnouncer().ObserveAsync(Api, "sha256:aaa", DigestSource.Poll, null, null, CancellationToken.None);

        var restarted = NewAnnouncer();
        await restarted.ResumePendingAsync(CancellationToken.None);
        Assert.False(await restarted.ObserveAsync(Api, "sha256:aaa", DigestSource.Poll, null, null, CancellationToken.None));

        Assert.Single(published.Messages);
    }

    [Fact]
    public async Task A_digest_observed_but_not_published_before_a_crash_is_announced_at_the_next_start()
    {
        published.FailNext = true;
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            NewAnnouncer().ObserveAsync(Api, "sha256:aaa", DigestSource.BuilderHint, "c0ffee", Guid.NewGuid(), CancellationToken.None));
        Assert.Empty(published.Messages);

        var restarted = NewAnnouncer();
        await restarted.ResumePendingAsync(CancellationToken.None);
        await restarted.ResumePendingAsync(CancellationToken.None);

        var announcement = Assert.Single(published.Messages);
        Assert.Equal("sha256:aaa", announcement.Digest);
        Assert.Equal("c0ffee", announcement.Commit);
        Assert.False(await restarted.ObserveAsync(Api, "sha256:aaa", DigestSource.Poll, null, null, CancellationToken.None));
    }

    [Fact]
    public async Task A_digest_published_but_not_marked_before_a_crash_is_confirmed_from_the_announcement_log_and_not_published_again()
    {
        published.CrashAfterPublish = true;
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            NewAnnouncer().ObserveAsync(Api, "sha256:aaa", DigestSource.Webhook, null, null, CancellationToken.None));
        Assert.Single(published.Messages);

        var restarted = NewAnnouncer();
        await restarted.ResumePendingAsync(CancellationToken.None);

        Assert.Single(published.Messages);
        Assert.Equal("sha256:aaa", (await restarted.AnnouncedAsync(Api, CancellationToken.None)).Digest);
        Assert.False(await restarted.ObserveAsync(Api, "sha256:aaa", DigestSource.Poll, null, null, CancellationToken.None));
    }

    [Fact]
    public async Task A_webhook_that_arrives_before_the_start_up_resume_does_not_announce_again_what_the_stopped_run_published()
    {
        published.CrashAfterPublish = true;
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            NewAnnouncer().ObserveAsync(Api, "sha256:aaa", DigestSource.Webhook, null, null, CancellationToken.None));

        // The registry retries its notification, and the restarted watcher takes it before its resume ran.
        Assert.False(await NewAnnouncer().ObserveAsync(Api, "sha256:aaa", DigestSource.Webhook, null, null, CancellationToken.None));

        Assert.Single(published.Messages);
    }

    [Fact]
    public async Task Tags_are_announced_independently()
    {
        var announcer = NewAnnouncer();
        await announcer.ObserveAsync(Api, "sha256:aaa", DigestSource.Poll, null, null, CancellationToken.None);
        await announcer.ObserveAsync(Api with { Tag = "stable" }, "sha256:aaa", DigestSource.Poll, null, null, CancellationToken.None);
        await announcer.ObserveAsync(new WatchKey("dataplatform/base", "latest"), "sha256:aaa", DigestSource.Poll, null, null, CancellationToken.None);

        Assert.Equal(3, published.Messages.Count);
    }

    public void Dispose() => data.Dispose();

    private DigestAnnouncer NewAnnouncer() => new(
        new DigestStore(Options.Create(new WatcherOptions { DataDirectory = data.Path })),
        published,
        new RegistryEndpoints(Options.Create(new RegistryOptions()), new PlatformRegistry(new Uri("http://127.0.0.1:5000/"))),
        new WatchBoard(TimeProvider.System),
        TimeProvider.System,
        NullLogger<DigestAnnouncer>.Instance);

    /// <summary>What was published; its log (what SettleAsync confirms) is every id it published, as the watcher's own queue would hold.</summary>
    private sealed class RecordingPublisher(string dataDirectory) : IAnnouncementPublisher
    {
        private readonly List<Guid> log = [];

        public List<ImageDigestChanged> Messages { get; } = [];

        public bool FailNext { get; set; }

        /// <summary>The next publish reaches the broker, and the process stops before it can mark it.</summary>
        public bool CrashAfterPublish { get; set; }

        public Task PublishAsync(ImageDigestChanged announcement, Guid announcementId, CancellationToken cancellationToken)
        {
            if (FailNext)
            {
                FailNext = false;
                throw new InvalidOperationException("the broker went away");
            }

            Messages.Add(announcement);
            log.Add(announcementId);
            if (CrashAfterPublish)
            {
                CrashAfterPublish = false;
                throw new InvalidOperationException("the watcher stopped right after publishing");
            }

            return Task.CompletedTask;
        }

        public async Task SettleAsync(CancellationToken cancellationToken)
        {
            var store = new DigestStore(Options.Create(new WatcherOptions { DataDirectory = dataDirectory }));
            foreach (var id in log)
            {
                await store.ConfirmAsync(id, DateTimeOffset.UtcNow, cancellationToken);
            }
        }
    }
}
