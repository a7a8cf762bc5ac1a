using System.Text.RegularExpressions;
using Platform.Catalog.Yaml;
using YamlDotNet.RepresentationModel;

namespace Platform.Catalog.Specs;

/// <summary>
/// Reads an <c>image.yaml</c>. Every field is optional; unknown fields and wrong values are problems
/// that name the file and line, so that a typo never silently changes what is built or deployed.
/// Each section has a reader of its own (<see cref="BuildSection"/>, <see cref="PlatformsAndTags"/>,
/// <see cref="TestsSection"/>, <see cref="ServiceSection"/>, <see cref="EtlSection"/>); this one reads the
/// top level and checks what the sections say together.
/// </summary>
public static partial class ImageSpecReader
{
    public const string FileName = "image.yaml";
    public const string DefaultDockerfile = "Dockerfile";
    public const int DefaultServicePort = 8080;
    public const string DefaultHealthPath = "/health";

    private const string Known = "name, kind, dockerfile, context, buildArgs, platforms, tags, tests, service, etl";

    public static (ImageSpec? Spec, IReadOnlyList<CatalogProblem> Problems) Read(string folder, string? yaml)
    {
        var file = $"{folder}/{FileName}";
        var problems = new List<CatalogProblem>();
        var nodes = new SpecNodes(file, (line, message) => problems.Add(new CatalogProblem(folder, file, line, message)));
        var root = string.IsNullOrWhiteSpace(yaml) ? null : SpecYaml.Load(yaml, nodes, "a spec is one document");
        var spec = Read(folder, nodes, root, problems);
        return (problems.Count == 0 ? spec : null, problems);
    }

    /// <summary>OCI distribution repository names: lowercase path components.</summary>
    [GeneratedRegex("^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$")]
    public static partial Regex RepositoryName();

    /// <summary>The platforms the Docker engine builds: os/architecture with an optional variant.</summary>
    [GeneratedRegex("^linux/(amd64|arm64(/v8)?|arm/v[5-7]|386|ppc64le|s390x|riscv64)$")]
    public static partial Regex PlatformName();

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")]
    public static partial Regex Tag();

    private static ImageSpec Read(string folder, SpecNodes nodes, YamlNode? root, List<CatalogProblem> problems)
    {
        // Registries take lowercase names only: IoT/ is the image iot unless the spec names it.
        var name = folder[(folder.LastIndexOf('/') + 1)..].ToLowerInvariant();
        int? nameLine = null;
        var kind = ImageKind.Etl;
        var build = new BuildSection(folder);
        var platforms = ImageSpec.DefaultPlatforms;
        int? platformsLine = null, serviceLine = null, etlLine = null;
        IReadOnlyList<string> tags = [];
        IReadOnlyList<ImageTest> tests = [];
        ServiceSpec? service = null;
        EtlSpec? etl = null;

        foreach (var (key, value) in nodes.Mapping(root, "the top level"))
        {
            switch (key.Value)
            {
                case "name":
                    name = nodes.Scalar(value, "name") ?? name;
                    nameLine = SpecNodes.Line(value);
                    break;
                case "kind":
                    kind = Kind(nodes, value) ?? kind;
                    break;
                case "dockerfile" or "context" or "buildArgs":
                    build.Read(nodes, key.Value, value);
                    break;
                case "platforms":
                    platformsLine = SpecNodes.Line(key);
                    platforms = PlatformsAndTags.Read(nodes, value, "platforms", PlatformName(), PlatformsAndTags.NotAPlatform);
                    break;
                case "tags":
                    tags = PlatformsAndTags.Read(nodes, value, "tags", Tag(), PlatformsAndTags.NotATag);
                    break;
                case "service":
                    serviceLine = SpecNodes.Line(key);
                    service = ServiceSection.Read(nodes, value);
                    break;
                case "etl":
                    etlLine = SpecNodes.Line(key);
                    etl = EtlSection.Read(nodes, value);
                    break;
                case "tests":
                    tests = TestsSection.Read(nodes, value);
                    break;
                default:
                    nodes.Unknown(key, "at the top level", Known);
                    break;
            }
        }

        if (!RepositoryName().IsMatch(name))
        {
            nodes.Problem(nameLine, $"'{name}' is not a valid image name: use lowercase letters, digits, '.', '_', '-' and '/' " +
                (nameLine is null ? $"(the name comes from the folder; set 'name:' in {FileName})" : ""));
        }

        service = Section(nodes, kind, ImageKind.Service, service, serviceLine, () => new ServiceSpec(DefaultServicePort, DefaultHealthPath));
        etl = Section(nodes, kind, ImageKind.Etl, etl, etlLine, () => new EtlSpec(null));
        var context = build.Check(nodes);

        if (platforms.Count == 0 && !problems.Any(p => p.Line == platformsLine))
        {
            nodes.Problem(platformsLine, "platforms must name at least one platform");
        }

        return new ImageSpec(name, folder, kind, build.Dockerfile, build.BuildArgs, service, etl)
        {
            Context = context,
            NameLine = nameLine,
            Platforms = platforms,
            Tags = tags,
            Tests = tests,
        };
    }

    private static ImageKind? Kind(SpecNodes nodes, YamlNode value)
    {
        var text = nodes.Scalar(value, "kind");
        switch (text)
        {
            case "base": return ImageKind.Base;
            case "etl": return ImageKind.Etl;
            case "service": return ImageKind.Service;
            case null: return null;
            default:
                nodes.Problem(value, $"kind '{text}' is not one of base, etl, service");
                return null;
        }
    }

    /// <summary>The section of a kind: its defaults when the image is of that kind, a problem when another kind has it.</summary>
    private static T? Section<T>(SpecNodes nodes, ImageKind kind, ImageKind owner, T? section, int? line, Func<T> defaults)
        where T : class
    {
        if (kind == owner)
        {
            return section ?? defaults();
        }

        if (section is not null)
        {
            var article = owner == ImageKind.Etl ? "an" : "a";
            nodes.Problem(line, $"{article} '{Name(owner)}' section needs 'kind: {Name(owner)}' (kind is {Name(kind)})");
        }

        return null;
    }

    private static string Name(ImageKind kind) => kind.ToString().ToLowerInvariant();
}
