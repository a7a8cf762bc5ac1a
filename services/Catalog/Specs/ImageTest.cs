namespace Platform.Catalog.Specs;

/// <summary>A command run in a container of a freshly built image, on each platform, before anything is pushed.</summary>
/// <param name="Command">The command, exec form: a shell line becomes ["/bin/sh", "-c", line].</param>
public sealed record ImageTest(string Name, IReadOnlyList<string> Command, TimeSpan Timeout)
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(2);

    /// <summary>The longest timeout a spec may give a test: longer ones are refused where the spec is read.</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromDays(7);
}
