using System.ComponentModel.DataAnnotations;

namespace Platform.RegistryWatcher;

/// <summary>Settings of the registry watcher (section <c>RegistryWatcher</c>).</summary>
public sealed class WatcherOptions
{
    public const string Section = "RegistryWatcher";

    /// <summary>How often every watched tag is checked with a HEAD request, as a backstop for hints and webhooks.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00", ErrorMessage = "RegistryWatcher:PollInterval must be between 100 ms and 1 day.")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The tags watched for every catalogue image.</summary>
    [MinLength(1, ErrorMessage = "RegistryWatcher:Tags must name at least one tag.")]
    public List<string> Tags { get; set; } = ["latest"];

    /// <summary>How many HEAD requests one poll cycle sends at once.</summary>
    [Range(1, 64, ErrorMessage = "RegistryWatcher:MaxConcurrentChecks must be between 1 and 64.")]
    public int MaxConcurrentChecks { get; set; } = 8;

    /// <summary>Folder of the watcher's state (the digest last announced for each watched tag).</summary>
    [Required]
    public string DataDirectory { get; set; } = Path.Combine(".platform", "registry-watcher");
}
