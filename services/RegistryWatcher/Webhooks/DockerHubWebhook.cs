using System.Text.Json;
using Microsoft.Extensions.Options;
using Platform.Contracts;
using Platform.Registry;
using Platform.RegistryWatcher.Polling;
using Platform.RegistryWatcher.Watches;

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

        string? tag, repository;
        using (document)
        {
            var root = document!.RootElement;
            tag = Text(root, "push_data", "tag");
            repository = Text(root, "repository", "repo_name");
        }

        if (tag is not { Length: > 0 } || repository is not { Length: > 0 })
        {
            return Results.Problem("not a Docker Hub webhook: push_data.tag and repository.repo_name are required", statusCode: StatusCodes.Status400BadRequest);
        }

        var registry = watches.Qualify(request.Query["registry"].FirstOrDefault() ?? ImageReference.DockerHub);
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

    private static string? Text(JsonElement root, string parent, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(parent, out var p) && p.ValueKind == JsonValueKind.Object
        && p.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
