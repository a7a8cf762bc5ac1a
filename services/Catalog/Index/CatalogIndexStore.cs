using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Platform.Catalog.Git;

namespace Platform.Catalog.Index;

/// <summary>
/// Saved catalogue indexes in a folder of the service's own (<c>&lt;repository key&gt;.&lt;commit&gt;.index</c>, the format version
/// and the catalogue code in the header), so that a restarted builder moves the index of its last commit to the next one
/// instead of analysing every image again. A file that is damaged, truncated, of another format or code, or of another
/// repository is ignored with a log line and replaced at the next save; a file is written whole or not at all (a temporary
/// file renamed over it).
/// </summary>
public sealed class CatalogIndexStore(string folder, ILogger<CatalogIndexStore> logger)
{
    private const string Extension = ".index";

    public string Folder { get; } = Path.GetFullPath(folder);

    /// <summary>The saved index of this repository, images root and build arguments; null when there is none to trust.</summary>
    public async Task<CatalogIndex?> LoadAsync(
        GitRepository repository, string imagesRoot, IReadOnlyDictionary<string, string> buildArgs, CancellationToken cancellationToken)
    {
        var key = Key(repository, imagesRoot, buildArgs);
        var file = Directory.Exists(Folder)
            ? new DirectoryInfo(Folder).GetFiles(key + ".*" + Extension).OrderByDescending(f => f.LastWriteTimeUtc).FirstOrDefault()
            : null;
        if (file is null)
        {
            logger.LogInformation("No saved catalogue index of {Repository} in {Folder}: the catalogue is read from the repository", repository.Path, Folder);
            return null;
        }

        var watch = Stopwatch.StartNew();
        try
        {
            var (header, snapshot) = IndexFileReader.Read(await File.ReadAllBytesAsync(file.FullName, cancellationToken));
            if (header.Repository != repository.Path || header.ImagesRoot != CatalogIndex.NormalizedImagesRoot(imagesRoot) || !SameArguments(header.BuildArgs, buildArgs))
            {
                throw new InvalidDataException($"it is the index of {header.Repository} (images root {header.ImagesRoot}) or of other build arguments");
            }

            var index = CatalogIndex.Restore(repository, snapshot);
            logger.LogInformation(
                "Loaded the saved catalogue index {File}: {Images} images at {Commit} in {Milliseconds} ms",
                file.FullName, index.Catalog.Images.Count, index.Commit, watch.ElapsedMilliseconds);
            return index;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("Ignoring the saved catalogue index {File}: {Reason}; the catalogue is read from the repository", file.FullName, e.Message);
            return null;
        }
    }

    /// <summary>Writes the index's snapshot atomically and removes older files of the repository; a failure is logged, never thrown.</summary>
    internal async Task SaveAsync(GitRepository repository, IndexSnapshot snapshot, CancellationToken cancellationToken)
    {
        var key = Key(repository, snapshot.ImagesRoot, snapshot.BuildArgs);
        var path = Path.Combine(Folder, $"{key}.{snapshot.Commit}{Extension}");
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            Directory.CreateDirectory(Folder);
            var bytes = IndexFileWriter.Write(snapshot, repository.Path);
            await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            {
                await stream.WriteAsync(bytes, cancellationToken);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
            foreach (var older in Directory.GetFiles(Folder, key + ".*").Where(f => f != path && (f.EndsWith(Extension, StringComparison.Ordinal) || f.EndsWith(".tmp", StringComparison.Ordinal))))
            {
                TryDelete(older);
            }

            logger.LogDebug("Saved the catalogue index of {Repository} at {Commit} to {File} ({Bytes} bytes)", repository.Path, snapshot.Commit, path, bytes.Length);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or OperationCanceledException)
        {
            TryDelete(temporary);
            logger.LogWarning("The catalogue index of {Repository} at {Commit} could not be saved to {File}: {Reason}", repository.Path, snapshot.Commit, path, e.Message);
        }
    }

    /// <summary>What a saved index is of: the repository folder, the images root and the build arguments, hashed into a file name.</summary>
    private static string Key(GitRepository repository, string imagesRoot, IReadOnlyDictionary<string, string> buildArgs)
    {
        var text = new StringBuilder(repository.Path).Append('\0').Append(CatalogIndex.NormalizedImagesRoot(imagesRoot));
        foreach (var (name, value) in buildArgs.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            text.Append('\0').Append(name).Append('=').Append(value);
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }

    private static bool SameArguments(IReadOnlyDictionary<string, string> saved, IReadOnlyDictionary<string, string> wanted) =>
        saved.Count == wanted.Count && wanted.All(a => saved.TryGetValue(a.Key, out var value) && value == a.Value);

    private void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogDebug("Could not remove {File}: {Reason}", path, e.Message);
        }
    }
}
