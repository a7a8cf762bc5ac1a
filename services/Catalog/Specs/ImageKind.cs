namespace Platform.Catalog.Specs;

public enum ImageKind
{
    /// <summary>Built and pushed for others to start from; never deployed.</summary>
    Base,

    /// <summary>A job that runs and exits: on a schedule of Platform's, or of an outside orchestrator when it has none.</summary>
    Etl,

    /// <summary>A long-running service that Platform redeploys when its image changes.</summary>
    Service,
}
