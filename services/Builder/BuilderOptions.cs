using System.ComponentModel.DataAnnotations;

namespace Platform.Builder;

/// <summary>Settings of the builder (section <c>Builder</c>).</summary>
public sealed class BuilderOptions
{
    public const string Section = "Builder";

    /// <summary>Default of <see cref="PollInterval"/> for a repository that is not a folder of this machine (a remote URL).</summary>
    public static readonly TimeSpan RemotePollInterval = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How often the repository's followed revision is read: the backstop of the push webhooks and of
    /// <c>POST /api/commits/check</c>, which make the builder look at once. Unset: 5 s for a local folder,
    /// <see cref="RemotePollInterval"/> for a remote repository.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00", ErrorMessage = "Builder:PollInterval must be between 100 ms and 1 day.")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>When the last cycle had failures, try the failed images again after this long even without a new commit.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Builder:RetryFailedAfter must be between 1 s and 1 day.")]
    public TimeSpan RetryFailedAfter { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Longest time one image may take to build and push.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "1.00:00:00", ErrorMessage = "Builder:BuildTimeout must be between 5 s and 1 day.")]
    public TimeSpan BuildTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How many platforms of one image build at the same time on the engine.</summary>
    [Range(1, 16, ErrorMessage = "Builder:MaxParallelPlatforms must be between 1 and 16.")]
    public int MaxParallelPlatforms { get; set; } = 2;

    /// <summary>
    /// This instance follows the repository, plans each commit and hands the builds out as commands.
    /// Extra builder instances (more machines, each with its own engine) set it to false and only build.
    /// </summary>
    public bool Coordinator { get; set; } = true;

    /// <summary>How many images this instance builds at the same time.</summary>
    [Range(1, 16, ErrorMessage = "Builder:MaxConcurrentBuilds must be between 1 and 16.")]
    public int MaxConcurrentBuilds { get; set; } = 1;

    /// <summary>This instance's name in ImagePushed and the build history.</summary>
    [Required]
    public string InstanceName { get; set; } = $"{Environment.MachineName}-{Environment.ProcessId}";

    /// <summary>
    /// The address people reach this builder's API at (its public name behind a proxy): commit statuses link to
    /// <c>{PublicUrl}/api/builds/{id}/log</c>. Without it, statuses carry no link.
    /// </summary>
    [RegularExpression(@"^https?://[^\s/?#]+(/[^\s?#]*)?$", ErrorMessage = "Builder:PublicUrl must be an http(s) address without query, for example https://platform.example.com.")]
    public string? PublicUrl { get; set; }

    /// <summary>
    /// More revisions to build besides <c>Catalog:Ref</c>: branches (<c>release</c>) and tag patterns (<c>v*</c>: the
    /// newest tag matching, in version order). Each image built at one gets the revision's name as a tag
    /// (<c>release</c>, <c>v1.4.0</c>; a <c>/</c> becomes <c>-</c>), and an image that needs no build gets that tag
    /// on the digest of its last build, so that an environment can follow a branch or a release. Only the builds of
    /// <c>Catalog:Ref</c> are tagged <c>latest</c>.
    /// </summary>
    [RefNames]
    public List<string> Refs { get; set; } = [];

    /// <summary>Folder of the builder's state (last successful build of each image, history).</summary>
    [Required]
    public string DataDirectory { get; set; } = Path.Combine(".platform", "builder");
}

/// <summary>Each entry of <see cref="BuilderOptions.Refs"/> is a name git accepts as a ref, or a tag pattern.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class RefNamesAttribute : ValidationAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        foreach (var entry in value as IEnumerable<string> ?? [])
        {
            if (entry is null || entry.Length is 0 or > 200 || entry.StartsWith('-') || entry.StartsWith('/') || entry.EndsWith('/')
                || entry.EndsWith(".lock", StringComparison.Ordinal) || entry.Contains("..", StringComparison.Ordinal) || entry.Contains("//", StringComparison.Ordinal)
                || entry.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '~' or '^' or ':' or '\\'))
            {
                return new ValidationResult(
                    $"Builder:Refs: '{entry}' is not a branch, tag or tag pattern git accepts (for example main, release/2026, v*, refs/tags/release-*).");
            }
        }

        return ValidationResult.Success;
    }
}
