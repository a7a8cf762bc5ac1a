namespace Platform.AppHost.Tests;

/// <summary>What the AppHost's model says about a resource, read the way Aspire reads it at run time.</summary>
internal static class ModelInspection
{
    public static IResource Resource(IDistributedApplicationTestingBuilder builder, string name) =>
        builder.Resources.SingleOrDefault(r => r.Name == name)
        ?? throw new Xunit.Sdk.XunitException($"no resource '{name}' in [{string.Join(", ", builder.Resources.Select(r => r.Name))}]");

    public static IReadOnlyList<string> WaitsFor(IResource resource) =>
        [.. resource.Annotations.OfType<WaitAnnotation>().Select(w => w.Resource.Name)];

    /// <summary>The environment the AppHost gives a resource, as the objects the model holds.</summary>
    public static async Task<Dictionary<string, object>> RawEnvironmentOf(IResource resource)
    {
        var variables = new Dictionary<string, object>();
        var context = new EnvironmentCallbackContext(
            new DistributedApplicationExecutionContext(DistributedApplicationOperation.Run), resource, variables, CancellationToken.None);
        foreach (var callback in resource.Annotations.OfType<EnvironmentCallbackAnnotation>())
        {
            await callback.Callback(context);
        }

        return variables;
    }
}
