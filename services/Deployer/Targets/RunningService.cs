namespace Platform.Deployer.Targets;

/// <summary>A service version that answered its health check and now serves.</summary>
/// <param name="ContainerId">Its (first) container, or the Kubernetes object it runs as.</param>
/// <param name="Endpoint">Where it answers, for example http://127.0.0.1:32768, or the object for a cluster.</param>
public sealed record RunningService(string ContainerId, string Endpoint)
{
    /// <summary>The digest that served before, if any.</summary>
    public string? PreviousDigest { get; init; }

    /// <summary>Things that went wrong after the new version served (an old container that could not be retired).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
