using System.Formats.Tar;
using System.Text;
using Platform.Catalog.Context;
using Platform.Contracts;

namespace Platform.Builder.Workers.Building;

/// <summary>
/// The build context the engine receives, made from the context folder at a commit as the docker CLI
/// would send it: what <c>.dockerignore</c> excludes is left out (the engine's API does not apply it),
/// and the Dockerfile is rendered for each platform with its own pins.
/// </summary>
public static class BuildContextArchive
{
    /// <param name="folderArchive">The context folder as a tar with the folder as its root (<c>git archive commit:folder</c>).</param>
    /// <param name="dockerfile">The Dockerfile's path relative to the context.</param>
    public static async Task<BuildContextArchive.Template> CreateAsync(Stream folderArchive, string dockerfile, CancellationToken cancellationToken)
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
            throw new BuildFailure(BuildFailureStage.Build, $"the build context has no {dockerfile}", []);
        }

        var kept = entries
            .Where(e => IsDirectory(e.Entry) ? context.IsDirectory(Clean(e.Entry.Name))
                : context.IsFile(Clean(e.Entry.Name)) || Clean(e.Entry.Name) == dockerfile || Clean(e.Entry.Name) == DockerIgnore.FileName)
            .ToList();
        return new Template(kept, dockerfile, Encoding.UTF8.GetString(original.Content ?? []));
    }

    /// <summary>The filtered context, rendered once per platform with that platform's Dockerfile text.</summary>
    public sealed class Template(IReadOnlyList<(TarEntry Entry, byte[]? Content)> entries, string dockerfile, string dockerfileText)
    {
        public string DockerfileText { get; } = dockerfileText;

        public async Task<byte[]> RenderAsync(string renderedDockerfile, CancellationToken cancellationToken)
        {
            using var output = new MemoryStream();
            await using (var writer = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true))
            {
                foreach (var (entry, content) in entries)
                {
                    var copy = new PaxTarEntry(entry.EntryType, entry.Name)
                    {
                        Mode = entry.Mode,
                        ModificationTime = entry.ModificationTime,
                    };
                    if (entry.EntryType is TarEntryType.SymbolicLink or TarEntryType.HardLink)
                    {
                        copy.LinkName = entry.LinkName;
                    }

                    var bytes = Clean(entry.Name) == dockerfile ? Encoding.UTF8.GetBytes(renderedDockerfile) : content;
                    if (bytes is not null && entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile)
                    {
                        copy.DataStream = new MemoryStream(bytes);
                    }

                    await writer.WriteEntryAsync(copy, cancellationToken);
                }
            }

            return output.ToArray();
        }
    }

    private static bool IsDirectory(TarEntry entry) => entry.EntryType == TarEntryType.Directory;

    private static string Clean(string name) => name.TrimEnd('/');
}
