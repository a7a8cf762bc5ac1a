using Docker.DotNet;
using Docker.DotNet.Models;

namespace Platform.Engine;

/// <summary>Pulls and pushes through the engine, turning errors in the message stream into exceptions.</summary>
public static class ImageTransfers
{
    /// <summary>Pulls <c>repository@digest</c> (or <c>repository:tag</c>) into the engine.</summary>
    public static async Task PullAsync(
        this IDockerClient docker, string repository, string tagOrDigest, EngineLog log, CancellationToken cancellationToken, AuthConfig? auth = null)
    {
        var reference = tagOrDigest.Contains(':') ? $"{repository}@{tagOrDigest}" : $"{repository}:{tagOrDigest}";
        try
        {
            await docker.Images.CreateImageAsync(
                new ImagesCreateParameters { FromImage = repository, Tag = tagOrDigest }, auth ?? new AuthConfig(), log, cancellationToken);
        }
        catch (DockerApiException e)
        {
            throw new EngineException($"pulling {reference} failed: {Message(e)}", log.Tail, e);
        }

        if (log.Error is { } error)
        {
            throw new EngineException($"pulling {reference} failed: {error}", log.Tail);
        }
    }

    /// <summary>Pushes one tag and returns the manifest digest the registry stored.</summary>
    public static async Task<string> PushAsync(
        this IDockerClient docker, string repository, string tag, EngineLog log, CancellationToken cancellationToken, AuthConfig? auth = null)
    {
        try
        {
            await docker.Images.PushImageAsync(repository, new ImagePushParameters { Tag = tag }, auth ?? new AuthConfig(), log, cancellationToken);
        }
        catch (DockerApiException e)
        {
            throw new EngineException($"pushing {repository}:{tag} failed: {Message(e)}", log.Tail, e);
        }

        if (log.Error is { } error)
        {
            throw new EngineException($"pushing {repository}:{tag} failed: {error}", log.Tail);
        }

        return log.AuxValue("Digest")
            ?? throw new EngineException($"pushing {repository}:{tag} ended without a digest from the registry", log.Tail);
    }

    /// <summary>The engine answered that the image is not there (404 "No such image" on a create).</summary>
    public static bool IsImageMissing(Exception? e) =>
        e is DockerImageNotFoundException
        || (e is DockerApiException { StatusCode: System.Net.HttpStatusCode.NotFound } api && api.ResponseBody?.Contains("No such image", StringComparison.OrdinalIgnoreCase) == true);

    /// <summary>The engine's error text without the JSON wrapper it arrives in.</summary>
    public static string Message(DockerApiException e)
    {
        var body = e.ResponseBody?.Trim() ?? "";
        const string prefix = "{\"message\":\"";
        return body.StartsWith(prefix, StringComparison.Ordinal) && body.EndsWith("\"}", StringComparison.Ordinal)
            ? System.Text.RegularExpressions.Regex.Unescape(body[prefix.Length..^2])
            : $"{(int)e.StatusCode} {body}";
    }
}
