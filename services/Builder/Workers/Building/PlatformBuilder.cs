using System.Text.RegularExpressions;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Options;
using Platform.Builder.Logs;
using Platform.Catalog;
using Platform.Catalog.Planning;
using Platform.Catalog.Specs;
using Platform.Contracts;
using Platform.Engine;
using Platform.Registry;

namespace Platform.Builder.Workers.Building;

/// <summary>One platform's image, built, verified and tested, tagged in the engine for the push.</summary>
public sealed record PlatformResult(TargetPlatform Platform, string ImageId, string StagingTag);

/// <summary>
/// Builds an image for one platform through the engine's build API (under QEMU for a foreign
/// architecture), checks that the engine really built that platform, and runs the image's tests in it.
/// </summary>
public sealed partial class PlatformBuilder(
    IDockerClient docker,
    PlatformRegistry registry,
    ImageTestRunner tests,
    RegistryCredentials credentials,
    IOptions<CatalogOptions> catalogOptions)
{
    /// <summary>Per-platform images are pushed to this repository first; only the finished index reaches the image's own tags.</summary>
    public static string StagingRepository(string image) => $"platform-staging/{image}";

    public async Task<PlatformResult> BuildAsync(
        PlannedBuild build, string commit, TargetPlatform platform, byte[] context, BuildLogWriter log, CancellationToken cancellationToken)
    {
        var spec = build.Image.Spec;
        // Unique per attempt: the clean-up of an earlier attempt at the same commit never removes this one's tag.
        var stagingTag = $"{registry.Host}/{StagingRepository(spec.Name)}:{commit[..12]}-{platform.TagSuffix}-{Guid.NewGuid().ToString("N")[..8]}";
        var engineLog = new EngineLog(line => log.Write(platform.ToString(), line));
        var parameters = new ImageBuildParameters
        {
            Dockerfile = spec.DockerfileInContext,
            Platform = platform.ToString(),
            Tags = [stagingTag],
            BuildArgs = new Dictionary<string, string>(BuildArgs(spec, platform)),
            // ImageBuilder wrote the labels into the Dockerfile as one instruction (BuildLabels); only one it could not write comes here.
            Labels = BuildLabels.NotInDockerfile(BuildLabels.For(spec.Name, commit)),
            Remove = true,
            ForceRemove = true,
        };

        try
        {
            await docker.Images.BuildImageFromDockerfileAsync(
                parameters, new MemoryStream(context), credentials.ForBuild(registry.Host), new Dictionary<string, string>(), engineLog, cancellationToken);
        }
        catch (DockerApiException e)
        {
            throw new BuildFailure(BuildFailureStage.Build, $"{spec.Name} for {platform}: the engine refused the build: {ImageTransfers.Message(e)}", engineLog.Tail, e, platform.ToString());
        }

        if (engineLog.Error is { } error)
        {
            var hint = error.Contains("pull access denied", StringComparison.Ordinal) || error.Contains("No such image", StringComparison.Ordinal)
                ? " (without Docker Hub, scripts/bootstrap-root-image.sh makes the local root images; see README)"
                : "";
            throw new BuildFailure(BuildFailureStage.Build, $"{spec.Name} for {platform}: docker build failed: {error}{hint}", engineLog.Tail, null, platform.ToString());
        }

        var imageId = engineLog.AuxValue("ID") ?? stagingTag;
        await VerifyAsync(build, platform, imageId, cancellationToken);
        await tests.RunAsync(spec, platform, imageId, log, cancellationToken);
        return new PlatformResult(platform, imageId, stagingTag);
    }

    /// <summary>The engine builds the host's platform without a word when a base lacks the one asked for: check what it built.</summary>
    private async Task VerifyAsync(PlannedBuild build, TargetPlatform platform, string imageId, CancellationToken cancellationToken)
    {
        var image = await docker.Images.InspectImageAsync(imageId, cancellationToken);
        if (platform.Matches(image.Os, image.Architecture, image.Variant))
        {
            return;
        }

        var built = string.IsNullOrEmpty(image.Variant) ? $"{image.Os}/{image.Architecture}" : $"{image.Os}/{image.Architecture}/{image.Variant}";
        var baseImage = build.Image.BaseImages.Select(b => b.Reference).FirstOrDefault() ?? "scratch";
        throw new BuildFailure(BuildFailureStage.Verify,
            $"{build.Image.Spec.Name} for {platform}: the engine built a {built} image; its base image {baseImage} has no {platform} variant " +
            "(the engine then builds the host's platform without an error)", [], null, platform.ToString());
    }

    /// <summary>The image's build arguments, with ${TARGETARCH} and the other platform arguments expanded in their values.</summary>
    private IReadOnlyDictionary<string, string> BuildArgs(ImageSpec spec, TargetPlatform platform)
    {
        var automatic = platform.AutomaticArgs(TargetPlatform.Host);
        var args = new Dictionary<string, string>(automatic, StringComparer.Ordinal);
        foreach (var (name, value) in BuildArguments.For(spec, catalogOptions.Value.BuildArgs))
        {
            args[name] = PlatformVariable().Replace(value, m => automatic.GetValueOrDefault(m.Groups[1].Value, m.Value));
        }

        return args;
    }

    [GeneratedRegex(@"\$\{((?:TARGET|BUILD)(?:PLATFORM|OS|ARCH|VARIANT))\}")]
    private static partial Regex PlatformVariable();
}
