using Docker.DotNet.Models;

namespace Platform.Engine;

/// <summary>
/// Collects the JSON message stream of a build, push or pull: the text lines, the last ones for error
/// reports, the first error, and the auxiliary values (such as the digest a push produced).
/// Reports synchronously, in order, unlike <see cref="Progress{T}"/>.
/// </summary>
public sealed class EngineLog(Action<string>? onLine = null, int tailLength = 30) : IProgress<JSONMessage>
{
    private readonly Queue<string> tail = new();
    private readonly object gate = new();

    public string? Error { get; private set; }

    public List<IDictionary<string, object>> Aux { get; } = [];

    public IReadOnlyList<string> Tail
    {
        get
        {
            lock (gate)
            {
                return [.. tail];
            }
        }
    }

    public void Report(JSONMessage value)
    {
        lock (gate)
        {
            var error = value.Error?.Message is { Length: > 0 } message ? message : value.ErrorMessage;
            if (!string.IsNullOrEmpty(error))
            {
                Error ??= error.Trim();
                Add(error);
            }

            if (value.Stream is { Length: > 0 } stream)
            {
                foreach (var line in stream.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    Add(line);
                }
            }

            // Layer progress ("Pushing [==>   ]") is noise; the status lines say what happened.
            if (value.Status is { Length: > 0 } status && value.Progress is null)
            {
                Add(value.ID is { Length: > 0 } id ? $"{id}: {status}" : status);
            }

            if (value.Aux?.ExtensionData is { Count: > 0 } aux)
            {
                Aux.Add(aux);
            }
        }
    }

    /// <summary>A value from the auxiliary messages, such as <c>Digest</c> after a push or <c>ID</c> after a build.</summary>
    public string? AuxValue(string key) =>
        Aux.Select(a => a.TryGetValue(key, out var v) ? v?.ToString() : null).LastOrDefault(v => v is not null);

    private void Add(string line)
    {
        tail.Enqueue(line);
        while (tail.Count > tailLength)
        {
            tail.Dequeue();
        }

        onLine?.Invoke(line);
    }
}
