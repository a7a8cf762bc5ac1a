using System.Text.Json;
using Microsoft.Extensions.Options;
using Platform.Contracts;
using Platform.Registry;
using Platform.RegistryWatcher.Polling;
using Platform.RegistryWatcher.Watches;

using Platform.ServiceDefaults.Webhooks;

namespace Platform.RegistryWatcher.Webhooks;

/// <summary>
/// <c>POST /api/webhooks/dockerhub</c>: Docker Hub-style webhooks (<c>push_data.tag</c>, <c>repository.repo_name</c>).
/// They carry no digest and cannot be signed, so each matching watch is confirmed with one HEAD. The
/// secret comes as <c>?secret=</c> (Docker Hub cannot set headers); <c>?registry=</c> names a registry other than docker.io.
/// </summary>
public sealed class DockerHubWebhook(
    WebhookSecret secret,
    WatchList watches,
    PushedTags pushedTags,
    WatchChecker checker,
    BuilderHintGrace intake,
    DigestAnnouncer announcer,
    IOptions<WatcherOptions> options)
{
    public const string Path = "/api/webhooks/dockerhub";

    public async Task<IResult> HandleAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!secret.Accepts(request, allowQuery: true))
        {
            return Results.Problem("missing or wrong webhook secret", statusCode: StatusCodes.Status401Unauthorized);
        }

        var (document, refusal) = await WebhookBody.ReadAsync(request, options.Value.Webhooks.MaxBodyBytes, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        string tag, repository;
        using (document)
        {
            try
            {
                (tag, repository) = Read(document!.RootElement);
            }
            catch (WebhookShapeException e)
            {
                return WebhookBody.BadRequest($"not a Docker Hub webhook: {e.Message}");
            }
        }

        var (host, badRegistry) = WebhookBody.Registry(request);
        if (badRegistry is not null)
        {
            return badRegistry;
        }

        var registry = watches.Qualify(host ?? ImageReference.DockerHub);
        if (registry is not null && ImageReference.IsDockerHub(registry) && !repository.Contains('/'))
        {
            repository = "library/" + repository;
        }

        var confirmed = 0;
        foreach (var watch in await pushedTags.WinnersAsync(registry, repository, tag, cancellationToken))
        {
            try
            {
                if (await checker.HeadAsync(watch.Key.Registry, repository, tag, cancellationToken) is { } digest)
                {
                    await intake.ReportAsync(watch, new Sighting(watch.Key, tag, digest, DigestSource.Webhook), cancellationToken);
                    confirmed++;
                }
            }
            catch (RegistryException e)
            {
                announcer.RecordError(watch.Key, e.Message);
            }
        }

        return Results.Ok(new { confirmed });
    }

    /// <summary><c>push_data.tag</c> and <c>repository.repo_name</c>, or <see cref="WebhookShapeException"/> naming what is wrong.</summary>
    private static (string Tag, string Repository) Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new WebhookShapeException($"the body is {JsonShape.Kind(root)}, not an object with push_data and repository");
        }

        var tag = JsonShape.RequiredText(JsonShape.Object(root, "push_data", "push_data"), "tag", "push_data.tag");
        var repository = JsonShape.RequiredText(JsonShape.Object(root, "repository", "repository"), "repo_name", "repository.repo_name");
        if (!ImageReference.IsTag(tag))
        {
            throw new WebhookShapeException($"push_data.tag {JsonShape.Quote(tag)} is not a tag (letters, digits, '_', '.', '-', at most 128)");
        }

        return ImageReference.IsRepositoryPath(repository)
            ? (tag, repository)
            : throw new WebhookShapeException($"repository.repo_name {JsonShape.Quote(repository)} is not a repository name (lowercase path components)");
    }
}
