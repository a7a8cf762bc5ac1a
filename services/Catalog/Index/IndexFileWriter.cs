using System.Security.Cryptography;
using System.Text;
using Platform.Catalog.Specs;

namespace Platform.Catalog.Index;

/// <summary>
/// Writes an <see cref="IndexSnapshot"/> as a saved catalogue index: a header (<see cref="IndexFile.Magic"/>, the format
/// version, the catalogue code that made it, the repository, images root, build arguments and commit), the snapshot with
/// every string written once and referred to after, and a SHA-256 of all of it that the reader checks first.
/// </summary>
internal sealed class IndexFileWriter
{
    private readonly MemoryStream buffer = new();
    private readonly BinaryWriter writer;
    private readonly Dictionary<string, int> strings = new(StringComparer.Ordinal);

    private IndexFileWriter() => writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true);

    /// <summary>The bytes of the file: header, snapshot, checksum.</summary>
    public static byte[] Write(IndexSnapshot snapshot, string repository)
    {
        var file = new IndexFileWriter();
        file.writer.Write(IndexFile.Magic);
        file.writer.Write(IndexFile.FormatVersion);
        file.writer.Write(IndexFile.CodeIdentity);
        file.writer.Write(repository);
        file.writer.Write(snapshot.ImagesRoot);
        file.Map(snapshot.BuildArgs);
        file.writer.Write(snapshot.Commit);
        file.Body(snapshot);
        file.writer.Flush();
        var hash = SHA256.HashData(file.buffer.GetBuffer().AsSpan(0, (int)file.buffer.Length));
        file.buffer.Write(hash);
        return file.buffer.ToArray();
    }

    private void Body(IndexSnapshot snapshot)
    {
        writer.Write(snapshot.Paths.Count);
        foreach (var path in snapshot.Paths)
        {
            var (mode, objectId) = snapshot.Objects[path];
            Text(path);
            Text(mode);
            Text(objectId);
        }

        writer.Write(snapshot.Images.Count);
        foreach (var image in snapshot.Images)
        {
            Image(image);
        }

        writer.Write(snapshot.Problems.Count);
        foreach (var (folder, problems) in snapshot.Problems)
        {
            Text(folder);
            List(problems, Problem);
        }

        writer.Write(snapshot.BrokenNames.Count);
        foreach (var (folder, name) in snapshot.BrokenNames)
        {
            Text(folder);
            Text(name);
        }

        writer.Write(snapshot.WatchedBy.Count);
        foreach (var (image, folders) in snapshot.WatchedBy)
        {
            Text(image);
            List(folders, Text);
        }
    }

    private void Image(CatalogImage image)
    {
        Spec(image.Spec);
        List(image.BaseImages, reference =>
        {
            Text(reference.Reference);
            writer.Write(reference.Line);
            writer.Write((int)reference.Kind);
        });
        Map(image.Inputs.Files);
        Map(image.Inputs.Settings);
        Text(image.Inputs.Digest);
        OptionalText(image.Version);
        List(image.Warnings, Problem);
    }

    private void Spec(ImageSpec spec)
    {
        Text(spec.Name);
        Text(spec.Folder);
        writer.Write((int)spec.Kind);
        Text(spec.Dockerfile);
        Map(spec.BuildArgs);
        writer.Write(spec.Service is not null);
        if (spec.Service is { } service)
        {
            writer.Write(service.Port);
            Text(service.HealthPath);
        }

        writer.Write(spec.Etl is not null);
        if (spec.Etl is { } etl)
        {
            OptionalText(etl.Schedule);
        }

        Text(spec.Context);
        List(spec.Platforms, Text);
        OptionalNumber(spec.NameLine);
        List(spec.Tags, Text);
        List(spec.Tests, test =>
        {
            Text(test.Name);
            List(test.Command, Text);
            writer.Write(test.Timeout.Ticks);
        });
    }

    private void Problem(CatalogProblem problem)
    {
        Text(problem.Image);
        Text(problem.File);
        OptionalNumber(problem.Line);
        Text(problem.Message);
    }

    private void Map(IReadOnlyDictionary<string, string> map)
    {
        writer.Write(map.Count);
        foreach (var (key, value) in map)
        {
            Text(key);
            Text(value);
        }
    }

    private void List<T>(IReadOnlyCollection<T> items, Action<T> write)
    {
        writer.Write(items.Count);
        foreach (var item in items)
        {
            write(item);
        }
    }

    private void OptionalNumber(int? number)
    {
        writer.Write(number is not null);
        writer.Write(number ?? 0);
    }

    private void OptionalText(string? text)
    {
        writer.Write(text is not null);
        if (text is not null)
        {
            Text(text);
        }
    }

    /// <summary>A string seen before is written as its number plus one; a new one as 0 and its text (paths and blob ids repeat a lot).</summary>
    private void Text(string text)
    {
        if (strings.TryGetValue(text, out var number))
        {
            writer.Write7BitEncodedInt(number + 1);
            return;
        }

        strings[text] = strings.Count;
        writer.Write7BitEncodedInt(0);
        writer.Write(text);
    }
}
