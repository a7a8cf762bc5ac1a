using System.Security.Cryptography;
using System.Text;
using Platform.Catalog.Dockerfiles;
using Platform.Catalog.Specs;

namespace Platform.Catalog.Index;

/// <summary>
/// Reads what <see cref="IndexFileWriter"/> wrote, or says why it will not: another format version, another build of
/// the catalogue code, a checksum that does not match (a truncated or damaged file), or a body that does not parse.
/// </summary>
internal sealed class IndexFileReader
{
    private readonly BinaryReader reader;
    private readonly List<string> strings = [];

    private IndexFileReader(BinaryReader reader) => this.reader = reader;

    /// <summary>The header of the file: what it is an index of.</summary>
    public sealed record Header(string Repository, string ImagesRoot, IReadOnlyDictionary<string, string> BuildArgs, string Commit);

    /// <exception cref="InvalidDataException">The file is not one this code may trust; the message says why.</exception>
    public static (Header Header, IndexSnapshot Snapshot) Read(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        using var binary = new BinaryReader(stream, Encoding.UTF8);
        var file = new IndexFileReader(binary);
        try
        {
            if (binary.ReadString() != IndexFile.Magic)
            {
                throw new InvalidDataException("it is not a saved catalogue index");
            }

            if (binary.ReadInt32() is var version && version != IndexFile.FormatVersion)
            {
                throw new InvalidDataException($"it has format version {version}, this builder reads version {IndexFile.FormatVersion}");
            }

            if (bytes.Length < SHA256.HashSizeInBytes
                || !SHA256.HashData(bytes.AsSpan(0, bytes.Length - SHA256.HashSizeInBytes)).AsSpan().SequenceEqual(bytes.AsSpan(bytes.Length - SHA256.HashSizeInBytes)))
            {
                throw new InvalidDataException("its checksum does not match its content (truncated or damaged)");
            }

            if (binary.ReadString() is var code && code != IndexFile.CodeIdentity)
            {
                throw new InvalidDataException($"it was written by another build of the catalogue code ({code}, this is {IndexFile.CodeIdentity})");
            }

            var header = new Header(binary.ReadString(), binary.ReadString(), file.Map(), binary.ReadString());
            var snapshot = file.Body(header);
            if (stream.Position != bytes.Length - SHA256.HashSizeInBytes)
            {
                throw new InvalidDataException("it has bytes after the index");
            }

            return (header, snapshot);
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or FormatException or ArgumentException or IndexOutOfRangeException or OverflowException)
        {
            throw new InvalidDataException($"it cannot be read ({e.Message})", e);
        }
    }

    private IndexSnapshot Body(Header header)
    {
        var count = Count();
        var paths = new string[count];
        var objects = new Dictionary<string, (string Mode, string ObjectId)>(count, StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            paths[i] = Text();
            objects[paths[i]] = (Text(), Text());
        }

        var images = List(Image);
        var problems = new Dictionary<string, IReadOnlyList<CatalogProblem>>(StringComparer.Ordinal);
        for (var i = Count(); i > 0; i--)
        {
            problems[Text()] = List(Problem);
        }

        var brokenNames = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = Count(); i > 0; i--)
        {
            brokenNames[Text()] = Text();
        }

        var watchedBy = new Dictionary<string, string[]>(StringComparer.Ordinal);
        for (var i = Count(); i > 0; i--)
        {
            watchedBy[Text()] = [.. List(Text)];
        }

        return new IndexSnapshot(header.Commit, header.ImagesRoot, header.BuildArgs, paths, objects, images, problems, brokenNames, watchedBy);
    }

    private CatalogImage Image()
    {
        var spec = Spec();
        var bases = List(() => new BaseImageReference(Text(), reader.ReadInt32(), Enum<ImageDependencyKind>()));
        var inputs = new ImageInputs(Map(), Map(), Text());
        var version = OptionalText();
        return new CatalogImage(spec, bases) { Inputs = inputs, Version = version, Warnings = List(Problem) };
    }

    private ImageSpec Spec()
    {
        var (name, folder, kind, dockerfile, buildArgs) = (Text(), Text(), Enum<ImageKind>(), Text(), Map());
        var service = reader.ReadBoolean() ? new ServiceSpec(reader.ReadInt32(), Text()) : null;
        var etl = reader.ReadBoolean() ? new EtlSpec(OptionalText()) : null;
        return new ImageSpec(name, folder, kind, dockerfile, buildArgs, service, etl)
        {
            Context = Text(),
            Platforms = List(Text),
            NameLine = OptionalNumber(),
            Tags = List(Text),
            Tests = List(() => new ImageTest(Text(), List(Text), TimeSpan.FromTicks(reader.ReadInt64()))),
        };
    }

    private CatalogProblem Problem() => new(Text(), Text(), OptionalNumber(), Text());

    private Dictionary<string, string> Map()
    {
        var count = Count();
        var map = new Dictionary<string, string>(count, StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            map[Text()] = Text();
        }

        return map;
    }

    private List<T> List<T>(Func<T> read)
    {
        var count = Count();
        var items = new List<T>(count);
        for (var i = 0; i < count; i++)
        {
            items.Add(read());
        }

        return items;
    }

    /// <summary>A count, never more than the bytes left could hold: a damaged count fails here, not as an allocation of gigabytes.</summary>
    private int Count()
    {
        var count = reader.ReadInt32();
        return count >= 0 && count <= reader.BaseStream.Length - reader.BaseStream.Position
            ? count
            : throw new InvalidDataException($"it holds a count of {count} where {reader.BaseStream.Length - reader.BaseStream.Position} bytes are left");
    }

    private T Enum<T>()
        where T : struct, Enum
    {
        var value = reader.ReadInt32();
        var typed = (T)(object)value;
        return System.Enum.IsDefined(typed) ? typed : throw new InvalidDataException($"{value} is no {typeof(T).Name}");
    }

    private int? OptionalNumber()
    {
        var present = reader.ReadBoolean();
        var number = reader.ReadInt32();
        return present ? number : null;
    }

    private string? OptionalText() => reader.ReadBoolean() ? Text() : null;

    private string Text()
    {
        var number = reader.Read7BitEncodedInt();
        if (number == 0)
        {
            var text = reader.ReadString();
            strings.Add(text);
            return text;
        }

        return number - 1 < strings.Count && number > 0
            ? strings[number - 1]
            : throw new InvalidDataException($"it refers to string {number - 1} of {strings.Count}");
    }
}
