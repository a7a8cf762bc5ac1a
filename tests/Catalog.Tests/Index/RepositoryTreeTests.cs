using Platform.Catalog.Git;
using Platform.Catalog.Index;

namespace Platform.Catalog.Tests.Index;

/// <summary>
/// The tree a catalogue index moves from commit to commit, and the captures a saved index is written from: each capture
/// keeps the files of its commit while the tree moves on, through the merges of the changes into a new base.
/// </summary>
public sealed class RepositoryTreeTests
{
    [Fact]
    public void Captures_keep_their_commit_while_the_tree_moves_on_through_many_changes()
    {
        var random = new Random(20261130);
        var model = Enumerable.Range(0, 20_000).ToDictionary(i => $"images/app-{i % 200:000}/src/file-{i:00000}.py", i => ("100644", Blob(i)), StringComparer.Ordinal);
        var tree = new RepositoryTree("c0", model.Select(f => new TreeEntry(f.Key, f.Value.Item1, f.Value.Item2)));
        var captures = new List<(IReadOnlyList<string> Paths, IReadOnlyDictionary<string, (string Mode, string ObjectId)> Objects, Dictionary<string, (string, string)> Expected)>();
        var next = 20_000;
        // 60 commits of 300 changes: 18,000 changes, past the point where the changes are merged into a new base.
        for (var commit = 1; commit <= 60; commit++)
        {
            var changes = new List<TreeChange>();
            var existing = model.Keys.ToList();
            for (var c = 0; c < 300; c++)
            {
                var kind = random.Next(3);
                if (kind == 0)
                {
                    var path = $"images/app-{random.Next(250):000}/src/new-{next:00000}.py";
                    changes.Add(new TreeChange(path, "100755", Blob(next++)));
                }
                else if (kind == 1)
                {
                    changes.Add(new TreeChange(existing[random.Next(existing.Count)], "100644", Blob(next++)));
                }
                else
                {
                    changes.Add(new TreeChange(existing[random.Next(existing.Count)], null, null));
                }
            }

            foreach (var change in changes)
            {
                if (change.ObjectId is null)
                {
                    model.Remove(change.Path);
                }
                else
                {
                    model[change.Path] = (change.Mode!, change.ObjectId);
                }
            }

            tree.Apply($"c{commit}", changes);
            Assert.Equal(model.Count, tree.Count);
            if (commit % 10 == 0)
            {
                var (paths, objects) = tree.Capture();
                captures.Add((paths, objects, new Dictionary<string, (string, string)>(model, StringComparer.Ordinal)));
            }
        }

        Assert.Equal(model.Keys.Order(StringComparer.Ordinal), tree.Entries.Select(e => e.Path));
        Assert.All(tree.Entries, e => Assert.Equal(model[e.Path], (e.Mode, e.ObjectId)));
        Assert.Equal(6, captures.Count);
        foreach (var (paths, objects, expected) in captures)
        {
            Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), paths);
            Assert.Equal(expected.Count, objects.Count);
            Assert.Equal(expected.OrderBy(e => e.Key, StringComparer.Ordinal), objects.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => KeyValuePair.Create(e.Key, e.Value)));
            // A tree restored from the capture (a saved index read back) is the tree of that commit.
            var restored = new RepositoryTree("saved", paths, objects);
            Assert.Equal(expected.Count, restored.Count);
            Assert.All(expected, e => Assert.Equal(e.Value.Item2, restored.ObjectOf(e.Key)));
        }
    }

    private static string Blob(int i) => i.ToString("x40", System.Globalization.CultureInfo.InvariantCulture);
}
