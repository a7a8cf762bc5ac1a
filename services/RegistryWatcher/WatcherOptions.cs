using System.ComponentModel.DataAnnotations;
using Platform.RegistryWatcher.Watches;

namespace Platform.RegistryWatcher;

/// <summary>Settings of the registry watcher (section <c>RegistryWatcher</c>).</summary>
public sealed class WatcherOptions
{
    public const string Section = "RegistryWatcher";

    /// <summary>How often every watched tag of the platform registry is checked with a HEAD request, as a backstop for hints and webhooks.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00", ErrorMessage = "RegistryWatcher:PollInterval must be between 100 ms and 1 day.")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the upstream images the Dockerfiles start from are checked (other registries, with rate limits of their own).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "7.00:00:00", ErrorMessage = "RegistryWatcher:UpstreamPollInterval must be between 100 ms and 7 days.")]
    public TimeSpan UpstreamPollInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The tags watched for every catalogue image.</summary>
    [MinLength(1, ErrorMessage = "RegistryWatcher:Tags must name at least one tag.")]
    public List<string> Tags { get; set; } = ["latest"];

    /// <summary>How many checks run at once per registry.</summary>
    [Range(1, 64, ErrorMessage = "RegistryWatcher:MaxConcurrentChecks must be between 1 and 64.")]
    public int MaxConcurrentChecks { get; set; } = 8;

    /// <summary>
    /// How long a new digest of a catalogue tag seen by a webhook or a poll waits for the builder's hint, so
    /// that the announcement carries the commit and continues the build's trace; 0 announces at once.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00", ErrorMessage = "RegistryWatcher:BuilderHintGrace must be between 0 and 1 minute.")]
    public TimeSpan BuilderHintGrace { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Whether the upstream images of the catalogue's Dockerfiles are watched, and which are not.</summary>
    public UpstreamOptions Upstream { get; set; } = new();

    /// <summary>More watches: images that deployments name, in any registry, with a tag policy each.</summary>
    public List<ConfiguredWatch> Watches { get; set; } = [];

    public WebhookOptions Webhooks { get; set; } = new();

    /// <summary>Folder of the watcher's state (the digest last announced for each watched tag).</summary>
    [Required]
    public string DataDirectory { get; set; } = Path.Combine(".platform", "registry-watcher");
}

public sealed class UpstreamOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>References not watched, for example an image that only exists in the local engine.</summary>
    public List<string> Ignore { get; set; } = [];
}

public sealed class WebhookOptions
{
    /// <summary>
    /// The shared secret a registry sends as <c>Authorization: Bearer &lt;secret&gt;</c> (Docker Hub-style webhooks: <c>?secret=</c>).
    /// Without one every webhook is refused with 401. From the AppHost's secret parameter or the environment; never logged.
    /// </summary>
    public string? Secret { get; set; }

    /// <summary>Largest webhook body accepted; a larger one is refused with 413.</summary>
    [Range(1024, 64 * 1024 * 1024, ErrorMessage = "RegistryWatcher:Webhooks:MaxBodyBytes must be between 1 KiB and 64 MiB.")]
    public int MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// How many webhook requests are handled at once; more wait in a queue of <see cref="MaxQueuedRequests"/>, and
    /// beyond that a request is refused at once with 503 and <c>Retry-After</c> (a registry sends it again), so
    /// that a flood costs bounded memory and time instead of growing without end.
    /// </summary>
    [Range(1, 10_000, ErrorMessage = "RegistryWatcher:Webhooks:MaxConcurrentRequests must be between 1 and 10,000.")]
    public int MaxConcurrentRequests { get; set; } = 64;

    /// <summary>How many webhook requests may wait for one of the <see cref="MaxConcurrentRequests"/>; 0 refuses at once.</summary>
    [Range(0, 100_000, ErrorMessage = "RegistryWatcher:Webhooks:MaxQueuedRequests must be between 0 and 100,000.")]
    public int MaxQueuedRequests { get; set; } = 256;

    /// <summary>How many recent event ids are remembered to drop a delivery seen before.</summary>
    [Range(16, 1_000_000, ErrorMessage = "RegistryWatcher:Webhooks:RememberedEvents must be between 16 and 1,000,000.")]
    public int RememberedEvents { get; set; } = 10_000;
}
