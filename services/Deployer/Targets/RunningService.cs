namespace Platform.Deployer.Targets;

/// <summary>A service container that answered its health check.</summary>
/// <param name="Endpoint">Where it answers on the host, for example http://127.0.0.1:32768.</param>
public sealed record RunningService(string ContainerId, string Endpoint);
