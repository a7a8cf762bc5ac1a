namespace Platform.AppHost;

/// <summary>How the AppHost runs Platform's own services (<c>Platform:Services</c>).</summary>
public enum ServicesMode
{
    /// <summary>Each service is its project run as a process (<c>dotnet run</c>): the fast default for development.</summary>
    Projects,

    /// <summary>
    /// Each service runs as a container from Platform's own image with the settings the Kubernetes export gives its pod:
    /// the cluster rehearsal on the local engine (docs/upgrades.md).
    /// </summary>
    Containers,
}
