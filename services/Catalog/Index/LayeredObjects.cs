using System.Diagnostics.CodeAnalysis;

namespace Platform.Catalog.Index;

/// <summary>
/// The blobs of a tree as a dictionary that is cheap to capture: a large base never changed once made, and the changes
/// since (a deletion is kept as null). Capturing copies the changes only; the base is shared with every capture. When
/// the changes grow to a fair part of the base they are merged into a new base.
/// </summary>
internal sealed class LayeredObjects(Dictionary<string, (string Mode, string ObjectId)> frozen)
    : IReadOnlyDictionary<string, (string Mode, string ObjectId)>
{
    private const int CompactFrom = 4096;

    private Dictionary<string, (string Mode, string ObjectId)> frozen = frozen;
    private Dictionary<string, (string Mode, string ObjectId)?> changed = new(StringComparer.Ordinal);

    public int Count { get; private set; } = frozen.Count;

    public (string Mode, string ObjectId) this[string key] =>
        TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"the tree has no file {key}");

    public IEnumerable<string> Keys => this.Select(pair => pair.Key);

    public IEnumerable<(string Mode, string ObjectId)> Values => this.Select(pair => pair.Value);

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out (string Mode, string ObjectId) value)
    {
        if (changed.TryGetValue(key, out var change))
        {
            value = change.GetValueOrDefault();
            return change is not null;
        }

        return frozen.TryGetValue(key, out value);
    }

    public void Set(string key, (string Mode, string ObjectId) value)
    {
        if (!ContainsKey(key))
        {
            Count++;
        }

        changed[key] = value;
    }

    public bool Remove(string key)
    {
        if (!ContainsKey(key))
        {
            return false;
        }

        Count--;
        if (frozen.ContainsKey(key))
        {
            changed[key] = null;
        }
        else
        {
            changed.Remove(key);
        }

        return true;
    }

    /// <summary>Merges the changes into a new base once they are a sixteenth of it (and at least a few thousand).</summary>
    public void CompactWhenLarge()
    {
        if (changed.Count < Math.Max(CompactFrom, frozen.Count / 16))
        {
            return;
        }

        frozen = new Dictionary<string, (string Mode, string ObjectId)>(this, StringComparer.Ordinal);
        changed = new Dictionary<string, (string Mode, string ObjectId)?>(StringComparer.Ordinal);
    }

    /// <summary>The blobs as they are now, unaffected by later changes to this one.</summary>
    public LayeredObjects Capture() =>
        new(frozen) { changed = new Dictionary<string, (string Mode, string ObjectId)?>(changed, StringComparer.Ordinal), Count = Count };

    public IEnumerator<KeyValuePair<string, (string Mode, string ObjectId)>> GetEnumerator()
    {
        foreach (var pair in frozen)
        {
            if (!changed.ContainsKey(pair.Key))
            {
                yield return pair;
            }
        }

        foreach (var (key, value) in changed)
        {
            if (value is { } present)
            {
                yield return new(key, present);
            }
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
