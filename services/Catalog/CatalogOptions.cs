using System.ComponentModel.DataAnnotations;

namespace Platform.Catalog;

/// <summary>Where the repository of images is, shared by every service (section <c>Catalog</c>).</summary>
public sealed class CatalogOptions
{
    public const string Section = "Catalog";

    /// <summary>
    /// The git repository that holds the images: a local path (its work tree or a bare clone), or a remote,
    /// <c>https://host/org/repo.git</c>, <c>ssh://git@host[:port]/org/repo.git</c> or <c>git@host:org/repo.git</c>,
    /// followed through a bare mirror in <see cref="MirrorDirectory"/>.
    /// </summary>
    [Required]
    public string Repository { get; set; } = ".";

    /// <summary>Folder of the repository under which each folder with a Dockerfile or spec is one image; "" or "." is the repository root.</summary>
    [Required(AllowEmptyStrings = true)]
    [RegularExpression(@"^[^/\\].*$", ErrorMessage = "Catalog:ImagesRoot must be a path relative to the repository root.")]
    public string ImagesRoot { get; set; } = "images";

    /// <summary>The revision to follow: a branch, a tag or HEAD.</summary>
    [Required]
    public string Ref { get; set; } = "HEAD";

    /// <summary>Folder of the bare mirror of a remote repository (this service's own); default <c>.platform/repositories/&lt;hash of the URL&gt;</c>.</summary>
    public string? MirrorDirectory { get; set; }

    /// <summary>User name for an https remote (default <c>x-access-token</c> with a token).</summary>
    public string? Username { get; set; }

    /// <summary>Password for an https remote. A secret: user secrets, an environment variable or an Aspire parameter.</summary>
    public string? Password { get; set; }

    /// <summary>An access token for an https remote (GitHub, GitLab, Gitea); sent as the password. A secret.</summary>
    public string? Token { get; set; }

    /// <summary>The private key (deploy key) file for an ssh remote.</summary>
    public string? SshKeyFile { get; set; }

    /// <summary>The ssh server's host keys, as lines of a known_hosts file (<c>ssh-keyscan</c> output, checked); a host not in them is refused.</summary>
    public string? SshKnownHosts { get; set; }

    /// <summary>A known_hosts file with the ssh server's host keys, instead of <see cref="SshKnownHosts"/>.</summary>
    public string? SshKnownHostsFile { get; set; }

    /// <summary>Clone without file contents (<c>--filter=blob:none</c>): history and trees at once, each blob fetched the first time it is read.</summary>
    public bool PartialClone { get; set; } = true;

    /// <summary>How often a remote is fetched (at most); a push webhook or <c>POST /api/commits/check</c> fetches at once.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00", ErrorMessage = "Catalog:FetchInterval must be between 100 ms and 1 day.")]
    public TimeSpan FetchInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Longest time one fetch may take (a first clone has no limit; it stops only when it stalls).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "Catalog:FetchTimeout must be between 1 s and 1 hour.")]
    public TimeSpan FetchTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Longest wait between two attempts while the remote fails (the wait doubles from the fetch interval up to this).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00", ErrorMessage = "Catalog:MaxFetchBackoff must be between 100 ms and 1 day.")]
    public TimeSpan MaxFetchBackoff { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Build arguments for every image of this environment; an image's own <c>buildArgs</c> win.</summary>
    public Dictionary<string, string> BuildArgs { get; set; } = new(StringComparer.Ordinal);
}
