using System.ComponentModel.DataAnnotations;

namespace Platform.Engine;

/// <summary>Which Docker engine to use (section <c>Docker</c>).</summary>
public sealed class EngineOptions
{
    public const string Section = "Docker";

    /// <summary>Engine API address; by default <c>DOCKER_HOST</c> or the local socket.</summary>
    [Required]
    public string Endpoint { get; set; } =
        Environment.GetEnvironmentVariable("DOCKER_HOST") is { Length: > 0 } host ? host : "unix:///var/run/docker.sock";
}
