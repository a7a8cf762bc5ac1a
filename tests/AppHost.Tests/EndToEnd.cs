namespace Platform.AppHost.Tests;

/// <summary>End-to-end tests start whole environments: they run one at a time.</summary>
[CollectionDefinition(Collection, DisableParallelization = true)]
public sealed class EndToEnd
{
    public const string Collection = "End to end";
}
