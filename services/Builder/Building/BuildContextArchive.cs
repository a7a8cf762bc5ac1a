using System.Formats.Tar;
using System.Text;
using Platform.Catalog.Context;

namespace Platform.Builder.Building;

/// <summary>
/// The build context the engine receives, made from the context folder at a commit as the docker CLI
/// would send it: what <c>.dockerignore</c> excludes is left out (the engine's API does not apply it),
/// and the Dockerfile is replaced by its pinned text.
/// </summary>
public static class BuildContextArchive
{
    /// <param name="folderArchive">The context folder as a tar with the folder as its root (<c>git archive commit:folder</c>).</param>
    /// <param name="dockerfile">The Dockerfile's path relative to the context.</param>
    /// <param name="rewriteDockerfile">Turns the Dockerfile's text into the text the engine gets.</param>
    public static async Task<MemoryStream> CreateAsync(
        Stream folderArchive, string dockerfile, Func<string, string> rewriteDockerfile, CancellationToken cancellationToken)
    {
        var entries = new List<(TarEntry Entry, byte[]? Content)>();
        await using (var reader = new TarReader(folderArchive))
        {
            while (await reader.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
            {
                if (entry.EntryType is TarEntryType.GlobalExtendedAttributes)
                {
                    continue;
                }

                byte[]? content = null;
                if (entry.DataStream is { } data)
                {
                    using var buffer = new MemoryStream();
                    await data.CopyToAsync(buffer, cancellationToken);
                    content = buffer.ToArray();
                }

                entries.Add((entry, content));
            }
        }

        var files = entries.Where(e => !IsDirectory(e.Entry)).ToDictionary(e => Clean(e.Entry.Name), StringComparer.Ordinal);
        var ignore = DockerIgnore.Parse(files.TryGetValue(DockerIgnore.FileName, out var ignoreFile) ? Encoding.UTF8.GetString(ignoreFile.Content ?? []) : null);
        var context = BuildContext.Create(files.Keys, ignore, dockerfile);
        if (!files.TryGetValue(dockerfile, out var original))
        {
            throw new BuildFailure(BuildFailure.Build, $"the build context has no {dockerfile}", []);
        }

        var output = new MemoryStream();
        await using (var writer = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (entry, content) in entries)
            {
                var name = Clean(entry.Name);
                if (IsDirectory(entry) ? !context.IsDirectory(name) : !(context.IsFile(name) || name == dockerfile || name == DockerIgnore.FileName))
                {
                    continue;
                }

                var copy = new PaxTarEntry(entry.EntryType, entry.Name)
                {
                    Mode = entry.Mode,
                    ModificationTime = entry.ModificationTime,
                };
                if (entry.EntryType is TarEntryType.SymbolicLink or TarEntryType.HardLink)
                {
                    copy.LinkName = entry.LinkName;
                }

                var bytes = name == dockerfile ? Encoding.UTF8.GetBytes(rewriteDockerfile(Encoding.UTF8.GetString(original.Content ?? []))) : content;
                if (bytes is not null && entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile)
                {
                    copy.DataStream = new MemoryStream(bytes);
                }

                await writer.WriteEntryAsync(copy, cancellationToken);
            }
        }

        output.Position = 0;
        return output;
    }

    private static bool IsDirectory(TarEntry entry) => entry.EntryType == TarEntryType.Directory;

    private static string Clean(string name) => name.TrimEnd('/');
}
