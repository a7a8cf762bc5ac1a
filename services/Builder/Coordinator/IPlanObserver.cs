using Platform.Catalog.Planning;

namespace Platform.Builder.Coordinator;

/// <summary>
/// Told of every plan the coordinator makes, before any of its builds is sent (commit statuses say
/// <c>pending</c> from it). Called on the coordinator's path: it must return at once and never throw.
/// </summary>
public interface IPlanObserver
{
    /// <param name="catalogueImages">How many images the catalogue has at the commit.</param>
    void Planned(BuildPlan plan, int catalogueImages);
}
