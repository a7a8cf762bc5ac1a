using static Platform.Cli.Export.DeployerAccess;
using static Platform.Cli.Export.PodHardening;

namespace Platform.Cli.Export;

/// <summary>
/// The builder's Docker engine as a docker:dind sidecar (<c>--docker dind</c>): dockerd in the same pod, privileged (the one
/// container that is: an engine that builds needs it), listening only on a unix socket in a volume the two containers share,
/// owned by the builder's group, with its layers on a volume of their own. With <c>--docker-host</c> there is no sidecar and
/// DOCKER_HOST names the engine the user runs.
/// </summary>
public static class BuilderEngine
{
    public const string Image = "docker.io/library/docker:28-dind";
    public const string SocketFolder = "/var/run/dind";
    public const string Socket = $"unix://{SocketFolder}/docker.sock";

    public static void AddSidecar(
        Dictionary<string, object?> builder, List<object?> containers, List<object?> volumes, List<object?> claims, IReadOnlyDictionary<string, object?> settings)
    {
        ((List<object?>)builder["volumeMounts"]!).Add(Map(("name", "docker-socket"), ("mountPath", SocketFolder)));
        var args = new List<object?> { $"--host={Socket}", $"--group={PlatformUser}" };

        // The registry Platform runs in the cluster speaks plain HTTP on its Service; the engine pushes and pulls there too.
        if (settings.TryGetValue("ConnectionStrings__registry", out var registry) && registry is string text
            && Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme == "http")
        {
            args.Add($"--insecure-registry={uri.Authority}");
        }

        containers.Add(Map(
            ("name", "docker"),
            ("image", Image),
            ("args", args),
            ("env", new List<object?> { Map(("name", "DOCKER_TLS_CERTDIR"), ("value", "")) }),
            ("resources", Resources("docker")),
            // The documented exception to the pod's hardening: dockerd needs root and a privileged container.
            ("securityContext", Map(("privileged", true), ("runAsNonRoot", false), ("runAsUser", 0), ("runAsGroup", 0))),
            ("volumeMounts", new List<object?>
            {
                Map(("name", "docker-socket"), ("mountPath", SocketFolder)),
                Map(("name", "docker"), ("mountPath", "/var/lib/docker")),
            })));
        volumes.Add(Map(("name", "docker-socket"), ("emptyDir", new Dictionary<string, object?>())));
        claims.Add(Workload.Claim("docker", Storage("docker")));
    }
}
