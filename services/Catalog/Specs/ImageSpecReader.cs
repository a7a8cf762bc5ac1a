using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Platform.Catalog.Specs;

/// <summary>
/// Reads an <c>image.yaml</c>. Every field is optional; unknown fields and wrong values are problems
/// that name the file and line, so that a typo never silently changes what is built or deployed.
/// </summary>
public static partial class ImageSpecReader
{
    public const string FileName = "image.yaml";
    public const string DefaultDockerfile = "Dockerfile";
    public const int DefaultServicePort = 8080;
    public const string DefaultHealthPath = "/health";

    public static (ImageSpec? Spec, IReadOnlyList<CatalogProblem> Problems) Read(string folder, string? yaml)
    {
        var reader = new Reader(folder);
        var spec = reader.Read(yaml);
        return (reader.Problems.Count == 0 ? spec : null, reader.Problems);
    }

    /// <summary>OCI distribution repository names: lowercase path components.</summary>
    [GeneratedRegex("^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$")]
    public static partial Regex RepositoryName();

    /// <summary>The platforms the Docker engine builds: os/architecture with an optional variant.</summary>
    [GeneratedRegex("^linux/(amd64|arm64(/v8)?|arm/v[5-7]|386|ppc64le|s390x|riscv64)$")]
    public static partial Regex PlatformName();

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")]
    public static partial Regex Tag();

    private sealed class Reader(string folder)
    {
        private readonly string file = $"{folder}/{FileName}";

        public List<CatalogProblem> Problems { get; } = [];

        public ImageSpec Read(string? yaml)
        {
            // Registries take lowercase names only: IoT/ is the image iot unless the spec names it.
            string name = folder[(folder.LastIndexOf('/') + 1)..].ToLowerInvariant();
            var nameLine = (int?)null;
            var kind = ImageKind.Etl;
            var dockerfile = DefaultDockerfile;
            var buildArgs = new Dictionary<string, string>(StringComparer.Ordinal);
            ServiceSpec? service = null;
            EtlSpec? etl = null;
            var context = ".";
            int? contextLine = null;
            int? dockerfileLine = null;
            var platforms = ImageSpec.DefaultPlatforms;
            IReadOnlyList<string> tags = [];
            IReadOnlyList<ImageTest> tests = [];
            int? platformsLine = null, serviceLine = null, etlLine = null;

            foreach (var (key, value) in Mapping(Root(yaml), "the top level"))
            {
                switch (key.Value)
                {
                    case "name":
                        name = Scalar(value, "name") ?? name;
                        nameLine = Line(value);
                        break;
                    case "kind":
                        kind = ReadKind(value) ?? kind;
                        break;
                    case "dockerfile":
                        dockerfile = Scalar(value, "dockerfile") ?? dockerfile;
                        dockerfileLine = Line(value);
                        break;
                    case "buildArgs":
                        foreach (var (argName, argValue) in Mapping(value, "buildArgs"))
                        {
                            buildArgs[argName.Value!] = Scalar(argValue, $"buildArgs.{argName.Value}") ?? "";
                        }

                        break;
                    case "context":
                        context = Scalar(value, "context") ?? context;
                        contextLine = Line(value);
                        break;
                    case "platforms":
                        platformsLine = Line(key);
                        platforms = ReadList(value, "platforms", PlatformName(), "is not a platform Platform builds for (os/architecture[/variant], for example linux/amd64)");
                        break;
                    case "tags":
                        tags = ReadList(value, "tags", Tag(), "is not a valid tag (letters, digits, '_', '.', '-'; at most 128; not starting with '.' or '-')");
                        break;
                    case "service":
                        serviceLine = Line(key);
                        service = ReadService(value);
                        break;
                    case "etl":
                        etlLine = Line(key);
                        etl = ReadEtl(value);
                        break;
                    case "tests":
                        tests = ReadTests(value);
                        break;
                    default:
                        Unknown(key, "name, kind, dockerfile, context, buildArgs, platforms, tags, tests, service, etl");
                        break;
                }
            }

            if (!RepositoryName().IsMatch(name))
            {
                Problem(nameLine, $"'{name}' is not a valid image name: use lowercase letters, digits, '.', '_', '-' and '/' " +
                    (nameLine is null ? $"(the name comes from the folder; set 'name:' in {FileName})" : ""));
            }

            if (kind == ImageKind.Service)
            {
                service ??= new ServiceSpec(DefaultServicePort, DefaultHealthPath);
            }
            else if (service is not null)
            {
                Problem(serviceLine, $"a 'service' section needs 'kind: service' (kind is {kind.ToString().ToLowerInvariant()})");
            }

            if (kind == ImageKind.Etl)
            {
                etl ??= new EtlSpec(null);
            }
            else if (etl is not null)
            {
                Problem(etlLine, $"an 'etl' section needs 'kind: etl' (kind is {kind.ToString().ToLowerInvariant()})");
            }

            var absolute = false;
            foreach (var (field, value, line) in new[] { ("context", context, contextLine), ("dockerfile", dockerfile, dockerfileLine) })
            {
                if (value.StartsWith('/'))
                {
                    Problem(line, $"{field} '{value}' must be a path relative to the image folder {folder}/, not an absolute path");
                    absolute = true;
                }
            }

            var contextPath = Index.RepositoryPath.TryCombine(folder, context);
            var dockerfilePath = Index.RepositoryPath.TryCombine(folder, dockerfile);
            // An absolute path is a problem already; what the two paths make together would only repeat it.
            if (!absolute && contextPath is null)
            {
                Problem(contextLine, $"context '{context}' leaves the repository");
            }
            else if (!absolute && (dockerfilePath is null || !Index.RepositoryPath.IsUnder(dockerfilePath, contextPath!)))
            {
                // Either field may be the mistake; the line of 'dockerfile:' when the context is the default.
                Problem(contextLine ?? dockerfileLine, $"the Dockerfile {dockerfilePath ?? dockerfile} is not inside the build context {contextPath}");
            }

            if (platforms.Count == 0 && !Problems.Any(p => p.Line == platformsLine))
            {
                Problem(platformsLine, "platforms must name at least one platform");
            }

            return new ImageSpec(name, folder, kind, dockerfile, buildArgs, service, etl)
            {
                Context = contextPath ?? folder,
                NameLine = nameLine,
                Platforms = platforms,
                Tags = tags,
                Tests = tests,
            };
        }

        private YamlNode? Root(string? yaml)
        {
            if (string.IsNullOrWhiteSpace(yaml))
            {
                return null;
            }

            var (root, error) = SpecYaml.Load(yaml);
            if (error is { } found)
            {
                Problems.Add(new CatalogProblem(folder, file, found.Line, $"not valid YAML: {found.Message}"));
            }

            return root;
        }

        private ImageKind? ReadKind(YamlNode value)
        {
            var text = Scalar(value, "kind");
            switch (text)
            {
                case "base": return ImageKind.Base;
                case "etl": return ImageKind.Etl;
                case "service": return ImageKind.Service;
                case null: return null;
                default:
                    Problem(Line(value), $"kind '{text}' is not one of base, etl, service");
                    return null;
            }
        }

        private ServiceSpec ReadService(YamlNode node)
        {
            var port = DefaultServicePort;
            var health = DefaultHealthPath;
            foreach (var (key, value) in Mapping(node, "service"))
            {
                switch (key.Value)
                {
                    case "port":
                        var text = Scalar(value, "service.port");
                        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535)
                        {
                            Problem(Line(value), $"service.port '{text}' is not a port number (1 to 65535)");
                        }

                        break;
                    case "health":
                        health = Scalar(value, "service.health") ?? health;
                        if (!health.StartsWith('/'))
                        {
                            Problem(Line(value), $"service.health '{health}' must be an HTTP path that starts with '/'");
                        }

                        break;
                    default:
                        Unknown(key, "port, health");
                        break;
                }
            }

            return new ServiceSpec(port, health);
        }

        private EtlSpec ReadEtl(YamlNode node)
        {
            string? schedule = null;
            foreach (var (key, value) in Mapping(node, "etl"))
            {
                switch (key.Value)
                {
                    case "schedule":
                        schedule = Scalar(value, "etl.schedule");
                        break;
                    default:
                        Unknown(key, "schedule");
                        break;
                }
            }

            return new EtlSpec(schedule);
        }

        /// <summary>tests: a list of shell lines, or of {name, run | command, timeout}.</summary>
        private IReadOnlyList<ImageTest> ReadTests(YamlNode node)
        {
            if (node is not YamlSequenceNode sequence)
            {
                Problem(Line(node), "tests must be a list of commands");
                return [];
            }

            var tests = new List<ImageTest>();
            foreach (var item in sequence.Children)
            {
                var number = tests.Count + 1;
                if (item is YamlScalarNode { Value: { Length: > 0 } line })
                {
                    tests.Add(new ImageTest($"test {number}", ["/bin/sh", "-c", line], ImageTest.DefaultTimeout));
                    continue;
                }

                string? name = null;
                IReadOnlyList<string>? command = null;
                var timeout = ImageTest.DefaultTimeout;
                foreach (var (key, value) in Mapping(item, $"tests[{number}]"))
                {
                    switch (key.Value)
                    {
                        case "name":
                            name = Scalar(value, "tests.name");
                            break;
                        case "run":
                            command = Scalar(value, "tests.run") is { } run ? ["/bin/sh", "-c", run] : null;
                            break;
                        case "command":
                            command = value is YamlSequenceNode words
                                ? [.. words.Children.Select(w => Scalar(w, "tests.command") ?? "")]
                                : null;
                            if (command is null)
                            {
                                Problem(Line(value), "tests.command must be a list of words, for example [\"uname\", \"-m\"]");
                            }

                            break;
                        case "timeout":
                            timeout = ReadDuration(value, "tests.timeout") ?? timeout;
                            break;
                        default:
                            Unknown(key, "name, run, command, timeout");
                            break;
                    }
                }

                if (command is null or { Count: 0 })
                {
                    Problem(Line(item), $"test {number} needs 'run' (a shell line) or 'command' (a list of words)");
                    continue;
                }

                tests.Add(new ImageTest(name ?? $"test {number}", command, timeout));
            }

            return tests;
        }

        /// <summary>A duration written as 90s, 2m, 1h or 00:01:30.</summary>
        private TimeSpan? ReadDuration(YamlNode node, string what)
        {
            var text = Scalar(node, what);
            if (text is null)
            {
                return null;
            }

            var units = new Dictionary<char, double> { ['s'] = 1, ['m'] = 60, ['h'] = 3600 };
            double? seconds = null;
            if (text.Length > 1 && units.TryGetValue(text[^1], out var factor)
                && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) && amount > 0 && double.IsFinite(amount))
            {
                seconds = amount * factor;
            }
            else if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero)
            {
                seconds = span.TotalSeconds;
            }

            if (seconds is null)
            {
                Problem(Line(node), $"{what} '{text}' is not a duration (for example 30s, 2m or 00:01:30)");
                return null;
            }

            // Checked before a TimeSpan is made of it: a huge value must be a problem, never an overflow.
            if (seconds > ImageTest.MaxTimeout.TotalSeconds)
            {
                Problem(Line(node), $"{what} '{text}' is longer than the limit of {ImageTest.MaxTimeout.TotalDays:0} days");
                return null;
            }

            return TimeSpan.FromSeconds(seconds.Value);
        }

        private IReadOnlyList<string> ReadList(YamlNode node, string what, Regex valid, string invalid)
        {
            var items = node switch
            {
                YamlSequenceNode sequence => sequence.Children,
                YamlScalarNode => [node],
                _ => [],
            };
            if (node is YamlMappingNode)
            {
                Problem(Line(node), $"{what} must be a list");
            }

            var result = new List<string>();
            foreach (var item in items)
            {
                var text = Scalar(item, what);
                if (text is null)
                {
                    continue;
                }

                if (!valid.IsMatch(text))
                {
                    Problem(Line(item), $"'{text}' in {what} {invalid}");
                }
                else if (!result.Contains(text))
                {
                    result.Add(text);
                }
            }

            return result;
        }

        private IEnumerable<(YamlScalarNode Key, YamlNode Value)> Mapping(YamlNode? node, string what)
        {
            switch (node)
            {
                case null:
                    yield break;
                case YamlScalarNode { Value: null or "" or "~" or "null" }:
                    yield break;
                case YamlMappingNode mapping:
                    foreach (var (key, value) in mapping.Children)
                    {
                        if (key is YamlScalarNode scalarKey)
                        {
                            yield return (scalarKey, value);
                        }
                        else
                        {
                            Problem(Line(key), $"keys of {what} must be plain names");
                        }
                    }

                    break;
                default:
                    Problem(Line(node), $"{what} must be a mapping of 'key: value' lines");
                    break;
            }
        }

        private string? Scalar(YamlNode node, string what)
        {
            if (node is YamlScalarNode scalar)
            {
                return scalar.Value;
            }

            Problem(Line(node), $"{what} must be a single value");
            return null;
        }

        private void Unknown(YamlScalarNode key, string known) =>
            Problem(Line(key), $"unknown field '{key.Value}' (known here: {known})");

        private void Problem(int? line, string message) => Problems.Add(new CatalogProblem(folder, file, line, message));

        private static int Line(YamlNode node) => (int)node.Start.Line;
    }
}
