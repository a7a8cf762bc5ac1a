using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;
using Platform.Builder.Logs;
using Platform.Builder.Workers.Building;
using Platform.Builder.Workers.Publishing;
using Platform.Contracts;

namespace Platform.PlatformImages;

/// <summary>
/// Publishes Platform's own images exactly as the builder publishes the catalogue's: each platform's image is pushed to
/// the staging repository, copied into the image's repository as an OCI manifest, and one OCI index then goes under the
/// tag and the commit's <c>sha-</c> tag (<see cref="IndexPublisher"/>). Each platform's image must be tagged locally as
/// <c>&lt;registry&gt;/platform-staging/&lt;repository&gt;:&lt;tag&gt;</c> (scripts/platform-images.sh does).
/// </summary>
public sealed class OwnImagesPublisher(IDockerClient docker, IndexPublisher publisher, ILogger<OwnImagesPublisher> logger)
{
    public async Task<IReadOnlyList<(string Repository, string Reference)>> PublishAsync(PublishRequest request, CancellationToken cancellationToken)
    {
        var logs = Directory.CreateTempSubdirectory("platform-images-");
        try
        {
            var published = new List<(string, string)>();
            foreach (var image in request.Images)
            {
                var results = new List<PlatformResult>();
                foreach (var (platform, local) in image.Platforms)
                {
                    var inspected = await docker.Images.InspectImageAsync(local, cancellationToken);
                    if ($"{inspected.Os}/{inspected.Architecture}" != platform.ToString())
                    {
                        throw new BuildFailure(BuildFailureStage.Verify, $"{local} is {inspected.Os}/{inspected.Architecture}, not {platform}", []);
                    }

                    results.Add(new PlatformResult(platform, inspected.ID, local));
                }

                using var log = new BuildLogWriter(Path.Combine(logs.FullName, $"{image.Repository.Replace('/', '-')}.log"), image.Repository, logger);
                var tags = new[] { request.Tag, $"sha-{request.Revision[..Math.Min(12, request.Revision.Length)]}" }.Distinct().ToList();
                var index = await publisher.PublishAsync(
                    image.Repository, request.Revision, $"platform-images:{request.Revision}", results, tags, _ => Task.FromResult(false), log, cancellationToken);
                var reference = $"{request.Registry}/{image.Repository}@{index.Digest}";
                Console.WriteLine($"[platform-images] {image.Repository}:{request.Tag} -> {reference} ({string.Join(", ", index.Platforms.Select(p => $"{p.Platform} {p.Digest}"))})");
                published.Add((image.Repository, reference));
            }

            return published;
        }
        finally
        {
            logs.Delete(recursive: true);
        }
    }
}
