using System.Security.Cryptography;
using System.Text;

namespace Platform.Catalog.Index;

/// <summary>
/// What an image is built from at one commit: its input files (repository path to mode and blob id)
/// and the settings that change the result, summed up in one digest. Two commits with the same digest
/// build the same image, whatever else changed between them.
/// </summary>
public sealed record ImageInputs(IReadOnlyDictionary<string, string> Files, IReadOnlyDictionary<string, string> Settings)
{
    public static ImageInputs None { get; } = new(new Dictionary<string, string>(), new Dictionary<string, string>());

    private string? digest;

    /// <summary>Inputs whose digest is known already (read back from a saved index, whose checksum vouches for it).</summary>
    internal ImageInputs(IReadOnlyDictionary<string, string> files, IReadOnlyDictionary<string, string> settings, string digest)
        : this(files, settings) => this.digest = digest;

    /// <summary>The digest of the files and settings, computed when first asked for.</summary>
    public string Digest => digest ??= Compute(Files, Settings);

    /// <summary>Two inputs are equal when they build the same image: the same digest.</summary>
    public bool Equals(ImageInputs? other) => other is not null && Digest == other.Digest;

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Digest);

    /// <summary>The files and settings that differ from <paramref name="before"/>: changed, added or removed, in ordinal order.</summary>
    public IReadOnlyList<string> ChangesSince(ImageInputs before)
    {
        var changed = Files.Where(f => before.Files.GetValueOrDefault(f.Key) != f.Value).Select(f => f.Key)
            .Concat(before.Files.Keys.Where(k => !Files.ContainsKey(k)))
            .Concat(Settings.Where(s => before.Settings.GetValueOrDefault(s.Key) != s.Value).Select(s => $"setting {s.Key}"))
            .Concat(before.Settings.Keys.Where(k => !Settings.ContainsKey(k)).Select(k => $"setting {k}"));
        return [.. changed.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    private static string Compute(IReadOnlyDictionary<string, string> files, IReadOnlyDictionary<string, string> settings)
    {
        var text = new StringBuilder();
        foreach (var (path, version) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            text.Append("file\t").Append(path).Append('\t').Append(version).Append('\n');
        }

        foreach (var (name, value) in settings.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            text.Append("setting\t").Append(name).Append('\t').Append(value).Append('\n');
        }

        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
