using Platform.Catalog.Yaml;

namespace Platform.Catalog.Specs;

/// <summary>A command run in a container of a freshly built image, on each platform, before anything is pushed.</summary>
/// <param name="Command">The command, exec form: a shell line becomes ["/bin/sh", "-c", line].</param>
public sealed record ImageTest(string Name, IReadOnlyList<string> Command, TimeSpan Timeout)
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The timeouts a spec may give a test: longer ones are refused where the spec is read, never an overflow at run
    /// time; below a millisecond the timer that stops the test could not tell it from none.
    /// </summary>
    public static readonly DurationRange Timeouts = new("1ms", "7d");
}
