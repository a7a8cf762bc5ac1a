namespace Platform.Deployer.Specs;

/// <summary>A long-running service of an environment: which image it follows and how it runs and is checked.</summary>
/// <param name="Name">The deployment's name, unique in the environment; containers and history are named after it.</param>
/// <param name="Port">The port the container listens on.</param>
/// <param name="HostPort">A fixed host port to publish it on; null picks a free one (and lets old and new run side by side).</param>
public sealed record ServiceDeployment(
    string Name,
    FollowedImage Image,
    int Replicas,
    int Port,
    int? HostPort,
    IReadOnlyDictionary<string, string> Environment,
    HealthCheck Health,
    KubernetesObject Kubernetes)
{
    /// <summary>Set when the service runs what qualified in another environment instead of following a tag.</summary>
    public Promotion? Promote { get; init; }
}

/// <summary>How a new container proves it is ready before the old one is retired.</summary>
/// <param name="HttpPath">The HTTP path that must answer 2xx; null when the image's own HEALTHCHECK decides.</param>
/// <param name="Timeout">How long the new version may take to become healthy.</param>
public sealed record HealthCheck(string? HttpPath, TimeSpan Timeout)
{
    public bool UsesImageHealthcheck => HttpPath is null;

    public override string ToString() => HttpPath is null ? "the image's HEALTHCHECK" : $"GET {HttpPath}";
}

/// <summary>The object a deployment is in a cluster: a Deployment or CronJob name and the container to patch.</summary>
/// <param name="Container">The container whose image is patched; null means the only one, or the one named like the object.</param>
public sealed record KubernetesObject(string Name, string? Container);
