using System.Diagnostics;

namespace Platform.Deployer;

/// <summary>The deployer's spans, named for what they do: <c>rollout status-api</c>, <c>run etl-weather</c>.</summary>
public static class DeployerTelemetry
{
    public static readonly ActivitySource Source = new("Platform.Deployer");
}
