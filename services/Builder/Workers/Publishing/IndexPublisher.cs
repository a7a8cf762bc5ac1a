using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Docker.DotNet;
using Docker.DotNet.Models;
using Platform.Builder.Logs;
using Platform.Builder.Workers.Building;
using Platform.Contracts;
using Platform.Engine;
using Platform.Registry;

namespace Platform.Builder.Workers.Publishing;

/// <summary>An image index as published: its digest, its bytes (to put under more tags) and its platforms.</summary>
public sealed record PublishedIndex(string Digest, byte[] Body, IReadOnlyList<PlatformImage> Platforms);

/// <summary>
/// Publishes the platforms of one image as one multi-platform image: each platform is pushed by the
/// engine to a staging repository, its manifest is copied into the image's repository by digest as an
/// OCI image manifest (blobs mounted, not uploaded again), and only then one OCI image index is put under
/// every tag, its commit's <c>sha-</c> tag first. A tag is therefore never visible with some of its
/// platforms only, and the <c>sha-</c> tag with the build key annotation marks the build as pushed.
/// </summary>
public sealed class IndexPublisher(
    IDockerClient docker, RegistryClient registryClient, PlatformRegistry registry, RegistryCredentials credentials, TransientRetry retry)
{
    public const string RevisionAnnotation = "org.opencontainers.image.revision";

    /// <summary>The build key (<see cref="Leases.BuildKey"/>) the index was built for.</summary>
    public const string BuildKeyAnnotation = "dev.platform.build-key";

    /// <param name="commit">The commit built; written into the index as its revision annotation.</param>
    /// <param name="buildKey">The build's key; written into the index, so that a redelivered command finds the build pushed.</param>
    /// <param name="isNewerCommit">True when a commit (another index's revision) descends from <paramref name="commit"/>.</param>
    public async Task<PublishedIndex> PublishAsync(
        string image, string commit, string buildKey, IReadOnlyList<PlatformResult> results, IReadOnlyList<string> tags,
        Func<string, Task<bool>> isNewerCommit, BuildLogWriter log, CancellationToken cancellationToken)
    {
        var staging = PlatformBuilder.StagingRepository(image);
        var entries = new JsonArray();
        var platforms = new List<PlatformImage>();
        var staged = new List<string>();
        try
        {
            foreach (var result in results)
            {
                var platform = result.Platform.ToString();
                var tag = result.StagingTag[(result.StagingTag.LastIndexOf(':') + 1)..];
                var engineLog = new EngineLog(line => log.Write(platform, line));
                var digest = await retry.RunAsync($"push of {image} for {platform}", () => docker.PushAsync($"{registry.Host}/{staging}", tag, engineLog, cancellationToken, credentials.For(registry.Host)), cancellationToken);
                staged.Add(digest);
                var manifest = await registryClient.GetManifestAsync(registry.BaseUri, staging, digest, cancellationToken)
                    ?? throw new RegistryException($"registry {registry.Host} lost {staging}@{digest} right after the push");
                var (content, mediaType) = OciManifest.From(manifest);
                var manifestDigest = await CopyManifestAsync(image, staging, content, mediaType, cancellationToken);
                log.Write(platform, $"{image}@{manifestDigest} ({content.Length} bytes)");
                entries.Add(new JsonObject
                {
                    ["mediaType"] = mediaType,
                    ["digest"] = manifestDigest,
                    ["size"] = content.Length,
                    ["platform"] = PlatformJson(result.Platform),
                });
                platforms.Add(new PlatformImage(platform, manifestDigest));
            }

            var index = new JsonObject
            {
                ["schemaVersion"] = 2,
                ["mediaType"] = ManifestMediaTypes.OciIndex,
                ["manifests"] = entries,
                ["annotations"] = new JsonObject { [RevisionAnnotation] = commit, [BuildKeyAnnotation] = buildKey },
            };
            var body = Encoding.UTF8.GetBytes(index.ToJsonString(new JsonSerializerOptions { WriteIndented = false }));
            var published = new PublishedIndex(RegistryClient.DigestOf(body), body, platforms);
            await TagAsync(image, published, tags, isNewerCommit, log, cancellationToken);
            return published;
        }
        catch (Exception e) when (e is RegistryException or EngineException)
        {
            throw new BuildFailure(BuildFailureStage.Push, $"{image}: {e.Message} (registry {registry.Host})", (e as EngineException)?.LogTail ?? [], e);
        }
        finally
        {
            // Scaffolding only: the image is complete without it, so its announcement does not wait for the clean-up.
            _ = Task.Run(() => CleanUpAsync(staging, results, staged), CancellationToken.None);
        }
    }

    /// <summary>
    /// The index an earlier attempt at the same build pushed (its commit's tag carries the build key), or
    /// null: an attempt that stopped after the push and before its announcement is finished, not built again.
    /// </summary>
    public async Task<PublishedIndex?> FindPublishedAsync(string image, string commitTag, string commit, string buildKey, CancellationToken cancellationToken)
    {
        try
        {
            var current = await registryClient.GetManifestAsync(registry.BaseUri, image, commitTag, cancellationToken);
            if (current is null || current.MediaType != ManifestMediaTypes.OciIndex)
            {
                return null;
            }

            using var document = JsonDocument.Parse(current.Content);
            var root = document.RootElement;
            if (Annotation(root, RevisionAnnotation) != commit || Annotation(root, BuildKeyAnnotation) != buildKey)
            {
                return null;
            }

            var platforms = root.GetProperty("manifests").EnumerateArray()
                .Select(m => new PlatformImage(PlatformName(m.GetProperty("platform")), m.GetProperty("digest").GetString()!))
                .ToList();
            return new PublishedIndex(current.Digest, current.Content, platforms);
        }
        catch (Exception e) when (e is RegistryException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new BuildFailure(BuildFailureStage.Push, $"{image}: could not read {image}:{commitTag} to see whether an earlier attempt pushed it: {e.Message} (registry {registry.Host})", [], e);
        }
    }

    /// <summary>Puts the index under every tag, the commit's own <c>sha-</c> tag first; a tag held by a newer commit's image stays.</summary>
    public async Task TagAsync(
        string image, PublishedIndex index, IReadOnlyList<string> tags, Func<string, Task<bool>> isNewerCommit, BuildLogWriter log, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var tag in tags.OrderBy(t => t.StartsWith("sha-", StringComparison.Ordinal) ? 0 : 1))
            {
                // A build that was late (a command redelivered after its builder stopped) must not move a
                // tag back from a newer commit's image; the tags of its own commit it may always set.
                if (!tag.StartsWith("sha-", StringComparison.Ordinal) && await HeldByNewerCommitAsync(image, tag, isNewerCommit, cancellationToken) is { } newer)
                {
                    log.Write(null, $"{image}:{tag} stays at the image of {newer[..Math.Min(12, newer.Length)]}, a newer commit than this build's");
                    continue;
                }

                var digest = await registryClient.PutManifestAsync(registry.BaseUri, image, tag, index.Body, ManifestMediaTypes.OciIndex, cancellationToken);
                log.Write(null, $"{image}:{tag} -> {digest}");
            }
        }
        catch (RegistryException e)
        {
            throw new BuildFailure(BuildFailureStage.Push, $"{image}: {e.Message} (registry {registry.Host})", [], e);
        }
    }

    private static string? Annotation(JsonElement root, string name) =>
        root.TryGetProperty("annotations", out var annotations) && annotations.TryGetProperty(name, out var value) ? value.GetString() : null;

    private static string PlatformName(JsonElement platform) =>
        $"{platform.GetProperty("os").GetString()}/{platform.GetProperty("architecture").GetString()}"
        + (platform.TryGetProperty("variant", out var variant) ? $"/{variant.GetString()}" : "");

    private async Task<string?> HeldByNewerCommitAsync(string image, string tag, Func<string, Task<bool>> isNewerCommit, CancellationToken cancellationToken)
    {
        var current = await registryClient.GetManifestAsync(registry.BaseUri, image, tag, cancellationToken);
        if (current is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(current.Content);
        return Annotation(document.RootElement, RevisionAnnotation) is { } commit && await isNewerCommit(commit) ? commit : null;
    }

    /// <summary>The platform's manifest, stored in the image's own repository under its digest, with its blobs mounted from staging.</summary>
    private async Task<string> CopyManifestAsync(string image, string staging, byte[] content, string mediaType, CancellationToken cancellationToken)
    {
        using var document = JsonDocument.Parse(content);
        var blobs = document.RootElement.GetProperty("layers").EnumerateArray()
            .Append(document.RootElement.GetProperty("config"))
            .Select(b => b.GetProperty("digest").GetString()!)
            .Distinct();
        foreach (var blob in blobs)
        {
            if (!await registryClient.MountBlobAsync(registry.BaseUri, image, blob, staging, cancellationToken))
            {
                throw new RegistryException($"registry {registry.Host} would not mount {blob} from {staging} into {image}");
            }
        }

        var digest = RegistryClient.DigestOf(content);
        return await registryClient.PutManifestAsync(registry.BaseUri, image, digest, content, mediaType, cancellationToken);
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
    private async Task CleanUpAsync(string staging, IReadOnlyList<PlatformResult> results, IReadOnlyList<string> staged)
    {
        foreach (var digest in staged)
        {
            try
            {
                await registryClient.DeleteManifestAsync(registry.BaseUri, staging, digest, CancellationToken.None);
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
