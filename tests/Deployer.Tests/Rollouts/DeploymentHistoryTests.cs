using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Platform.Deployer.Rollouts;
using Platform.Testing;

namespace Platform.Deployer.Tests.Rollouts;

/// <summary>The deployment history is a SQLite file in the data folder that outlives the deployer.</summary>
public sealed class DeploymentHistoryTests : IDisposable
{
    private readonly TempDirectory data = new("history");

    [Fact(Timeout = 30_000)]
    public async Task A_new_instance_on_the_same_data_folder_reads_every_record_back_newest_first()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var options = Options.Create(new DeployerOptions { DataDirectory = data.Path });
        var at = new DateTimeOffset(2026, 3, 1, 12, 30, 15, 123, TimeSpan.FromHours(2));
        DeploymentRecord[] written =
        [
            new("team/web", "sha256:" + new string('1', 64), "1111111111111111111111111111111111111111", Guid.NewGuid(),
                DeploymentOutcome.Succeeded, "c1", "http://127.0.0.1:32768", null, at),
            new("team/api", "sha256:" + new string('2', 64), null, Guid.NewGuid(),
                DeploymentOutcome.Failed, null, null, "team/api: the new container exited with code 3 before it was healthy", at.AddMinutes(1)),
            new("team/web", "sha256:" + new string('3', 64), "3333333333333333333333333333333333333333", Guid.NewGuid(),
                DeploymentOutcome.Succeeded, "c3", "http://127.0.0.1:32769", null, at.AddMinutes(2)),
        ];
        var history = new DeploymentHistory(options);
        foreach (var record in written)
        {
            await history.RecordAsync(record, timeout.Token);
        }

        Assert.True(File.Exists(data.Combine("deployments.db")), $"expected the history in {data.Combine("deployments.db")}");

        // Nothing may come from the first instance's pooled connections: the new one reads the file.
        SqliteConnection.ClearAllPools();
        var reopened = new DeploymentHistory(options);
        var all = await reopened.ListAsync(null, 10, timeout.Token);
        Assert.Equal(written.Reverse(), all.Select(r => r with { Id = 0 }));
        Assert.True(all.Select(r => r.Id).SequenceEqual(all.Select(r => r.Id).OrderDescending()) && all.All(r => r.Id > 0),
            $"expected ids that grow with each record, newest first; saw [{string.Join(", ", all.Select(r => r.Id))}]");
        Assert.Equal([written[2], written[0]], (await reopened.ListAsync("team/web", 10, timeout.Token)).Select(r => r with { Id = 0 }));
        Assert.Equal([written[2]], (await reopened.ListAsync(null, 1, timeout.Token)).Select(r => r with { Id = 0 }));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        data.Dispose();
    }
}
