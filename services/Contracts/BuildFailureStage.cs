using System.Text.Json;
using System.Text.Json.Serialization;

namespace Platform.Contracts;

/// <summary>
/// Where a build failed. Messages, the HTTP APIs and the build history write it in lowercase (<c>spec</c>, <c>base</c>,
/// <c>build</c>, <c>verify</c>, <c>test</c>, <c>push</c>, <c>cancelled</c>): <see cref="BuildFailureStageJsonConverter"/>.
/// </summary>
[JsonConverter(typeof(BuildFailureStageJsonConverter))]
public enum BuildFailureStage
{
    /// <summary>The catalogue: the image's spec, Dockerfile or build context is wrong, or the image is not in it; nothing was built.</summary>
    Spec,

    /// <summary>A base image failed, or could not be found or pinned; the image was not built.</summary>
    Base,

    /// <summary>The engine's build (or the build context), or a build that ran out of <c>Builder:BuildTimeout</c>.</summary>
    Build,

    /// <summary>The image built from something other than the pinned base, or a base has no manifest for the platform.</summary>
    Verify,

    /// <summary>One of the image's tests failed or could not run.</summary>
    Test,

    /// <summary>The registry refused or failed the push.</summary>
    Push,

    /// <summary>Cancelled on request (<c>POST /api/builds/cancel</c>) or by the instance stopping.</summary>
    Cancelled,
}

/// <summary>The stage as its lowercase name, both ways; a stage it does not know is an error, not a number.</summary>
public sealed class BuildFailureStageJsonConverter() : JsonStringEnumConverter<BuildFailureStage>(Naming, allowIntegerValues: false)
{
    internal static readonly JsonNamingPolicy Naming = JsonNamingPolicy.CamelCase;
}

public static class BuildFailureStageNames
{
    /// <summary>The name messages, the APIs and the history use, as the converter writes it: <c>build</c> for <see cref="BuildFailureStage.Build"/>.</summary>
    public static string ToName(this BuildFailureStage stage) => BuildFailureStageJsonConverter.Naming.ConvertName(stage.ToString());
}
