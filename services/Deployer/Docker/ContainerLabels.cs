namespace Platform.Deployer.Docker;

/// <summary>Labels on every container the deployer manages; it never touches a container without them.</summary>
public static class ContainerLabels
{
    public const string Managed = "dev.platform.managed";
    public const string Service = "dev.platform.service";
    public const string Image = "dev.platform.image";
    public const string Digest = "dev.platform.digest";
    public const string Correlation = "dev.platform.correlation-id";

    /// <summary>On the container of a job run: the job's name and the run's id.</summary>
    public const string Job = "dev.platform.job";
    public const string Run = "dev.platform.run-id";

    /// <summary>Set by whoever starts the deployer (the AppHost, a test) to tell its containers apart.</summary>
    public const string Environment = "dev.platform.environment";
}
