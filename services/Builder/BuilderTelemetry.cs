using System.Diagnostics;

namespace Platform.Builder;

/// <summary>The builder's traces: a commit's cycle on the coordinator, each build on the instance that runs it.</summary>
public static class BuilderTelemetry
{
    public static readonly ActivitySource Source = new("Platform.Builder");
}
