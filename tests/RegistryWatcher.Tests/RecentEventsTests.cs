using Microsoft.Extensions.Options;
using Platform.RegistryWatcher.Webhooks;

namespace Platform.RegistryWatcher.Tests;

/// <summary>
/// The webhook's memory of event ids. Found by the load run (bench/run.sh load-webhooks): two copies of one
/// delivery that arrived at once were both handled, each answering one sighting.
/// </summary>
public sealed class RecentEventsTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private static RecentEvents Events(int remembered = 100) =>
        new(Options.Create(new WatcherOptions { Webhooks = new() { RememberedEvents = remembered } }));

    [Fact]
    public async Task A_copy_that_arrives_while_the_first_is_handled_waits_for_it_and_is_then_a_duplicate()
    {
        var events = Events();
        using var first = await events.ClaimAsync("evt-1", CancellationToken.None);
        var copy = events.ClaimAsync("evt-1", CancellationToken.None);
        await Task.Delay(50);
        Assert.NotNull(first);
        Assert.False(copy.IsCompleted, "the copy did not wait for the first delivery");

        first.Complete();

        Assert.Null(await copy.WaitAsync(Timeout));
        Assert.Null(await events.ClaimAsync("evt-1", CancellationToken.None).WaitAsync(Timeout));
    }

    [Fact]
    public async Task When_the_first_delivery_fails_the_waiting_copy_handles_the_event()
    {
        var events = Events();
        var first = await events.ClaimAsync("evt-2", CancellationToken.None);
        var copy = events.ClaimAsync("evt-2", CancellationToken.None);

        first!.Dispose();

        using var second = await copy.WaitAsync(Timeout);
        Assert.NotNull(second);
        second.Complete();
        Assert.Null(await events.ClaimAsync("evt-2", CancellationToken.None).WaitAsync(Timeout));
    }

    [Fact]
    public async Task Of_many_copies_at_once_exactly_one_is_handled()
    {
        var events = Events();
        var handled = 0;
        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            using var claim = await events.ClaimAsync("evt-3", CancellationToken.None);
            if (claim is not null)
            {
                Interlocked.Increment(ref handled);
                await Task.Delay(20);
                claim.Complete();
            }
        }))).WaitAsync(Timeout);

        Assert.Equal(1, handled);
    }

    [Fact]
    public async Task Only_the_last_remembered_ids_are_kept()
    {
        var events = Events(remembered: 16);
        for (var i = 0; i < 17; i++)
        {
            (await events.ClaimAsync($"evt-{i}", CancellationToken.None))!.Complete();
        }

        using var oldest = await events.ClaimAsync("evt-0", CancellationToken.None);
        Assert.NotNull(oldest);
        Assert.Null(await events.ClaimAsync("evt-16", CancellationToken.None));
    }
}
