using Platform.Faults.Tests.Harness;

namespace Platform.Faults.Tests;

/// <summary>The registry watcher killed between publishing and marking; the broker restarted and the registry down in the middle of a build.</summary>
[Collection(LoopCollection.Name)]
public sealed class WatcherAndInfrastructureFaultTests(LoopEnvironment loop)
{
    [Fact]
    public async Task A_watcher_killed_after_it_published_and_before_it_marked_the_change_announces_it_once()
    {
        await loop.Watcher.KillAsync();
        await loop.Watcher.StartAsync("watcher.published");
        var commit = await loop.ChangeServiceAsync("watcher killed between publishing and marking");
        await loop.Watcher.WaitForExitAsync(TimeSpan.FromMinutes(2), "at the failpoint after publishing");
        loop.Ledger.Injected("registry-watcher crash after publishing ImageDigestChanged, before marking it");
        await loop.Watcher.StartAsync();

        await loop.AssertOnceAsync("watcher killed between publishing and marking", commit);
    }

    [Fact]
    public async Task A_broker_restarted_in_the_middle_of_a_build_loses_and_doubles_nothing()
    {
        await loop.SettleAsync();
        var mark = loop.Builder.Mark;
        var commit = await loop.ChangeServiceAsync("broker restarted mid-build");
        await loop.Builder.WaitForLineAsync(mark, "[linux/amd64] | Step 2/", TimeSpan.FromMinutes(2));

        await loop.Broker.StopAsync();
        loop.Ledger.Injected("RabbitMQ stopped for 3 s in the middle of a build");
        await Task.Delay(TimeSpan.FromSeconds(3));
        await loop.Broker.StartAsync();

        await loop.AssertOnceAsync("broker restarted mid-build", commit);
    }

    [Fact]
    public async Task A_registry_down_while_the_builder_pushes_is_waited_out_and_the_image_is_pushed_once()
    {
        await loop.SettleAsync();
        var mark = loop.Builder.Mark;
        loop.Repository.WriteBytes("images/status-api/www/data.bin", LoopEnvironment.RandomBytes(24 << 20));
        var commit = await loop.ChangeServiceAsync("registry down mid-push");
        await loop.Builder.WaitForLineAsync(mark, "The push refers to repository", TimeSpan.FromMinutes(2));
        loop.Repository.DeleteFile("images/status-api/www/data.bin");

        await loop.Registry.StopAsync();
        loop.Ledger.Injected("registry down for 6 s while the builder pushes");
        await Task.Delay(TimeSpan.FromSeconds(6));
        await loop.Registry.StartAsync();

        await loop.AssertOnceAsync("registry down mid-push", commit);
    }
}
