using System.Text.Json;
using System.Text.RegularExpressions;

namespace Platform.Cli.Export;

/// <summary>
/// Platform's own images as the pods name them: by digest from <c>.platform/platform-images.json</c> (what
/// scripts/platform-images.sh pushed: <c>{"tag": "...", "images": {"builder": "host/platform/builder@sha256:..."}}</c>) or by a tag.
/// </summary>
/// <param name="Version">The <c>app.kubernetes.io/version</c> label: the tag.</param>
/// <param name="References">Service to its image: <c>registry/platform/builder</c> with <c>@sha256:...</c> or <c>:tag</c>.</param>
public sealed partial record PlatformImages(string Version, IReadOnlyDictionary<string, ImageName> References)
{
    public const string DefaultRegistry = "127.0.0.1:5000";

    /// <summary>The services that run from Platform's own images (the contract's repositories <c>platform/&lt;service&gt;</c>).</summary>
    public static readonly string[] Services = ["builder", "registry-watcher", "deployer", "console"];

    public static PlatformImages FromTag(string registry, string tag)
    {
        if (!RegistryHost().IsMatch(registry))
        {
            throw new CommandLineException($"--registry '{registry}' is not a registry host with an optional path (for example ghcr.io/team or 127.0.0.1:5000)");
        }

        if (!Tag().IsMatch(tag))
        {
            throw new CommandLineException($"--tag '{tag}' is not an image tag (letters, digits, '_', '.', '-', at most 63, starting with a letter or digit)");
        }

        return new(tag, Services.ToDictionary(s => s, s => new ImageName($"{registry}/platform/{s}", null, tag)));
    }

    /// <summary>Reads the file scripts/platform-images.sh writes; every message names <paramref name="path"/> and what is wrong there.</summary>
    public static PlatformImages Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new CommandLineException($"--images {path} does not exist: run scripts/platform-images.sh to build and push Platform's images, or use --tag");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new CommandLineException($"{JsonErrors.Describe(path, e)} (not valid JSON)");
        }
        catch (IOException e)
        {
            throw new CommandLineException($"--images {path} could not be read: {e.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("images", out var images) || images.ValueKind != JsonValueKind.Object)
            {
                throw new CommandLineException($"{path}: images is missing or not an object (expected {{\"tag\": \"...\", \"images\": {{\"builder\": \"<registry>/platform/builder@sha256:<digest>\", ...}}}})");
            }

            var version = root.TryGetProperty("tag", out var tag) && tag.ValueKind == JsonValueKind.String ? tag.GetString()! : "";
            if (!Tag().IsMatch(version))
            {
                throw new CommandLineException($"{path}: tag '{version}' is not an image tag that can be a label value (letters, digits, '_', '.', '-', at most 63)");
            }

            var references = new Dictionary<string, ImageName>(StringComparer.Ordinal);
            foreach (var service in Services)
            {
                if (!images.TryGetProperty(service, out var value) || value.ValueKind != JsonValueKind.String)
                {
                    throw new CommandLineException($"{path}: images.{service} is missing: Platform's image for {service} was never pushed (run scripts/platform-images.sh)");
                }

                var text = value.GetString()!;
                var match = ByDigest().Match(text);
                if (!match.Success)
                {
                    throw new CommandLineException($"{path}: images.{service} is '{text}', not an image by digest (<registry>/platform/{service}@sha256:<64 hex digits>)");
                }

                if (!match.Groups["name"].Value.EndsWith($"platform/{service}", StringComparison.Ordinal))
                {
                    throw new CommandLineException($"{path}: images.{service} is '{text}', which is not the repository platform/{service}");
                }

                references[service] = new ImageName(match.Groups["name"].Value, match.Groups["digest"].Value, null);
            }

            return new(version, references);
        }
    }

    [GeneratedRegex("^(?<name>[a-z0-9.-]+(:[0-9]{1,5})?(/[a-z0-9._-]+)+)@(?<digest>sha256:[0-9a-f]{64})$")]
    private static partial Regex ByDigest();

    [GeneratedRegex("^[a-z0-9.-]+(:[0-9]{1,5})?(/[a-z0-9._-]+)*$")]
    private static partial Regex RegistryHost();

    /// <summary>An image tag that is also a label value (at most 63, alphanumeric at both ends).</summary>
    [GeneratedRegex("^[A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?$")]
    private static partial Regex Tag();
}

/// <summary>An image as kustomize's <c>images:</c> sets it: a name and either a digest or a tag.</summary>
public sealed record ImageName(string Name, string? Digest, string? Tag)
{
    public override string ToString() => Digest is null ? $"{Name}:{Tag}" : $"{Name}@{Digest}";
}
