using System.Text.Json;

namespace Platform.AppHost.Containers;

/// <summary>
/// Which image each service container starts from: <c>platform/&lt;service&gt;:&lt;tag&gt;</c> in the local engine, with the tag of
/// the last build of Platform's images (<c>"tag"</c> of <c>.platform/platform-images.json</c>, written by
/// <c>scripts/platform-images.sh</c>; <c>Platform:ServiceImages</c> names another file). The file is read at every start of a
/// container, so an upgrade is: build the new images, then restart the containers (watcher, deployer, builder; docs/upgrades.md).
/// </summary>
public sealed class ServiceImages(string file)
{
    public const string DefaultTag = "latest";

    public string File { get; } = file;

    public string Resolve(string repository) => $"{repository}:{Tag()}";

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
