using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Docker.DotNet;
using Docker.DotNet.Models;
using Platform.Builder.Logs;
using Platform.Contracts;
using Platform.Engine;
using Platform.Registry;

namespace Platform.Builder.Building;

/// <summary>
/// Publishes the platforms of one image as one multi-platform image: each platform is pushed by the
/// engine to a staging repository, its manifest is copied into the image's repository by digest (blobs
/// mounted, not uploaded again), and only then one OCI image index is put under every tag. A tag is
/// therefore never visible with some of its platforms only.
/// </summary>
public sealed class IndexPublisher(
    IDockerClient docker, RegistryClient registryClient, PlatformRegistry registry, RegistryCredentials credentials, TransientRetry retry)
{
    public const string RevisionAnnotation = "org.opencontainers.image.revision";

    /// <param name="commit">The commit built; written into the index as its revision annotation.</param>
    /// <param name="isNewerCommit">True when a commit (another index's revision) descends from <paramref name="commit"/>.</param>
    public async Task<(string IndexDigest, IReadOnlyList<PlatformImage> Platforms)> PublishAsync(
        string image, string commit, IReadOnlyList<PlatformResult> results, IReadOnlyList<string> tags,
        Func<string, Task<bool>> isNewerCommit, BuildLogWriter log, CancellationToken cancellationToken)
    {
        var staging = PlatformBuilder.StagingRepository(image);
        var entries = new JsonArray();
        var platforms = new List<PlatformImage>();
        try
        {
            foreach (var result in results)
            {
                var platform = result.Platform.ToString();
                var tag = result.StagingTag[(result.StagingTag.LastIndexOf(':') + 1)..];
                var engineLog = new EngineLog(line => log.Write(platform, line));
                var digest = await retry.RunAsync($"push of {image} for {platform}", () => docker.PushAsync($"{registry.Host}/{staging}", tag, engineLog, cancellationToken, credentials.For(registry.Host)), cancellationToken);
                var manifest = await registryClient.GetManifestAsync(registry.BaseUri, staging, digest, cancellationToken)
                    ?? throw new RegistryException($"registry {registry.Host} lost {staging}@{digest} right after the push");
                await CopyManifestAsync(image, staging, manifest, cancellationToken);
                log.Write(platform, $"{image}@{manifest.Digest} ({manifest.Content.Length} bytes)");
                entries.Add(new JsonObject
                {
                    ["mediaType"] = manifest.MediaType,
                    ["digest"] = manifest.Digest,
                    ["size"] = manifest.Content.Length,
                    ["platform"] = PlatformJson(result.Platform),
                });
                platforms.Add(new PlatformImage(platform, manifest.Digest));
            }

            var index = new JsonObject
            {
                ["schemaVersion"] = 2,
                ["mediaType"] = ManifestMediaTypes.OciIndex,
                ["manifests"] = entries,
                ["annotations"] = new JsonObject { [RevisionAnnotation] = commit },
            };
            var body = Encoding.UTF8.GetBytes(index.ToJsonString(new JsonSerializerOptions { WriteIndented = false }));
            string? indexDigest = null;
            foreach (var tag in tags)
            {
                // A build that was late (a command redelivered after its builder stopped) must not move a
                // tag back from a newer commit's image; the tags of its own commit it may always set.
                if (!tag.StartsWith("sha-", StringComparison.Ordinal) && await HeldByNewerCommitAsync(image, tag, isNewerCommit, cancellationToken) is { } newer)
                {
                    log.Write(null, $"{image}:{tag} stays at the image of {newer[..Math.Min(12, newer.Length)]}, a newer commit than this build's");
                    continue;
                }

                indexDigest = await retry.RunAsync($"tag {image}:{tag}",
                    () => registryClient.PutManifestAsync(registry.BaseUri, image, tag, body, ManifestMediaTypes.OciIndex, cancellationToken), cancellationToken);
                log.Write(null, $"{image}:{tag} -> {indexDigest}");
            }

            return (indexDigest ?? RegistryClient.DigestOf(body), platforms);
        }
        catch (Exception e) when (e is RegistryException or EngineException)
        {
            throw new BuildFailure(BuildFailure.Push, $"{image}: {e.Message} (registry {registry.Host})", (e as EngineException)?.LogTail ?? [], e);
        }
        finally
        {
            // Scaffolding only: the image is complete without it, so its announcement does not wait for the clean-up.
            _ = Task.Run(() => CleanUpAsync(staging, results, platforms), CancellationToken.None);
        }
    }

    private async Task<string?> HeldByNewerCommitAsync(string image, string tag, Func<string, Task<bool>> isNewerCommit, CancellationToken cancellationToken)
    {
        var current = await registryClient.GetManifestAsync(registry.BaseUri, image, tag, cancellationToken);
        if (current is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(current.Content);
        return document.RootElement.TryGetProperty("annotations", out var annotations)
            && annotations.TryGetProperty(RevisionAnnotation, out var revision)
            && revision.GetString() is { } commit
            && await isNewerCommit(commit)
            ? commit
            : null;
    }

    /// <summary>The platform's manifest, stored in the image's own repository under its digest, with its blobs mounted from staging.</summary>
    private async Task CopyManifestAsync(string image, string staging, Manifest manifest, CancellationToken cancellationToken)
    {
        using var document = JsonDocument.Parse(manifest.Content);
        var blobs = document.RootElement.GetProperty("layers").EnumerateArray()
            .Append(document.RootElement.GetProperty("config"))
            .Select(b => b.GetProperty("digest").GetString()!)
            .Distinct();
        foreach (var blob in blobs)
        {
            if (!await retry.RunAsync($"mount of {blob}", () => registryClient.MountBlobAsync(registry.BaseUri, image, blob, staging, cancellationToken), cancellationToken))
            {
                throw new RegistryException($"registry {registry.Host} would not mount {blob} from {staging} into {image}");
            }
        }

        await retry.RunAsync($"manifest {image}@{manifest.Digest}",
            () => registryClient.PutManifestAsync(registry.BaseUri, image, manifest.Digest, manifest.Content, manifest.MediaType, cancellationToken), cancellationToken);
    }

    private static JsonObject PlatformJson(TargetPlatform platform)
    {
        var json = new JsonObject { ["architecture"] = platform.Architecture, ["os"] = platform.Os };
        if (platform.Variant is not null)
        {
            json["variant"] = platform.Variant;
        }

        return json;
    }

    /// <summary>Staging manifests and local staging tags are scaffolding: removed whatever happened (best effort).</summary>
    private async Task CleanUpAsync(string staging, IReadOnlyList<PlatformResult> results, IReadOnlyList<PlatformImage> pushed)
    {
        foreach (var platform in pushed)
        {
            try
            {
                await registryClient.DeleteManifestAsync(registry.BaseUri, staging, platform.Digest, CancellationToken.None);
            }
            catch (RegistryException)
            {
            }
        }

        foreach (var result in results)
        {
            try
            {
                await docker.Images.DeleteImageAsync(result.StagingTag, new ImageDeleteParameters { NoPrune = true }, CancellationToken.None);
            }
            catch (DockerApiException)
            {
            }
        }
    }
}
