using System.Text.Json;

namespace Platform.AppHost.Containers;

/// <summary>
/// Which image each service container starts from: <c>platform/&lt;service&gt;:&lt;tag&gt;-&lt;arch&gt;</c>, the image of this machine's
/// architecture that <c>scripts/platform-images.sh</c> leaves in the local engine beside the multi-platform index it pushes, with the
/// tag of its last run (<c>"tag"</c> of <c>.platform/platform-images.json</c>; <c>Platform:ServiceImages</c> names another file).
/// The engine's own copy, not the index's digest: the registry the script pushed to need not run (nor be the rehearsal's). The file is read at every start of a
/// container, so an upgrade is: build the new images, then restart the containers (watcher, deployer, builder; docs/upgrades.md).
/// </summary>
public sealed class ServiceImages(string file)
{
    public const string DefaultTag = "latest";

    public string File { get; } = file;

    public string Resolve(string repository) => $"{repository}:{Tag()}-{Architecture}";

    /// <summary>The engine's name of this machine's architecture (the suffix of the script's per-platform tags).</summary>
    public static string Architecture => System.Runtime.InteropServices.RuntimeInformation.OSArchitecture switch
    {
        System.Runtime.InteropServices.Architecture.Arm64 => "arm64",
        _ => "amd64",
    };

    public string Tag()
    {
        if (!System.IO.File.Exists(File))
        {
            return DefaultTag;
        }

        try
        {
            using var document = JsonDocument.Parse(System.IO.File.ReadAllText(File));
            return document.RootElement.TryGetProperty("tag", out var tag) && tag.GetString() is { Length: > 0 } text
                ? text
                : throw new InvalidOperationException($"{File} names no \"tag\"; run scripts/platform-images.sh to write it again.");
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"{File} is not valid JSON ({e.Message}); run scripts/platform-images.sh to write it again.", e);
        }
    }
}
