using System.Text.Json;
using System.Text.Json.Nodes;

namespace Platform.PlatformImages;

/// <summary>
/// <c>.platform/platform-images.json</c>: the tag and, per service, the reference of its image index by digest,
/// <c>{"tag":"latest","images":{"builder":"127.0.0.1:5000/platform/builder@sha256:..."}}</c>, which
/// <c>platform export kubernetes --images</c> reads.
/// </summary>
public static class ImagesFile
{
    public const string RepositoryPrefix = "platform/";

    public static string Write(string tag, IEnumerable<(string Repository, string Reference)> images)
    {
        var byService = new JsonObject();
        foreach (var (repository, reference) in images)
        {
            byService[repository.StartsWith(RepositoryPrefix, StringComparison.Ordinal) ? repository[RepositoryPrefix.Length..] : repository] = reference;
        }

        return new JsonObject { ["tag"] = tag, ["images"] = byService }.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }
}
