namespace Platform.AppHost.Supervision;

/// <summary>The properties the supervisor adds to a resource's snapshot (shown in the dashboard's resource details).</summary>
public static class RestartProperties
{
    /// <summary>How often the AppHost started the resource again, like Kubernetes' RESTARTS column.</summary>
    public const string Restarts = "platform.restarts";

    /// <summary>When the last restart was made, and after which exit.</summary>
    public const string LastRestart = "platform.last-restart";
}
