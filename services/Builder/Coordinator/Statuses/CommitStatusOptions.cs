namespace Platform.Builder.Coordinator.Statuses;

/// <summary>Where the builder reports each image's result on the commit (section <c>CommitStatuses</c>); off unless a provider is named.</summary>
public sealed class CommitStatusOptions
{
    public const string Section = "CommitStatuses";

    /// <summary><c>github</c>, <c>gitlab</c>, <c>gitea</c> (also Forgejo), or empty / <c>none</c>: no statuses.</summary>
    public string? Provider { get; set; }

    /// <summary>
    /// The provider's API base: <c>https://api.github.com</c> (GitHub Enterprise: <c>https://host/api/v3</c>),
    /// <c>https://gitlab.com/api/v4</c> (self-hosted: <c>https://host/api/v4</c>), Gitea <c>https://host/api/v1</c> (no default).
    /// </summary>
    public string? ApiUrl { get; set; }

    /// <summary>The token the provider is asked with: a secret (user secrets, environment variable, Aspire parameter), never logged.</summary>
    public string? Token { get; set; }

    /// <summary><c>owner/name</c> on GitHub and Gitea; the project id or its path (<c>group/subgroup/project</c>) on GitLab.</summary>
    public string? Repository { get; set; }

    /// <summary>Longest wait for one answer of the provider; a slower answer is retried like a 5xx.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A status the provider keeps refusing (or never answers) is given up after this long.</summary>
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Statuses waiting to be sent at most; beyond, the oldest is dropped (the newest state of a commit and context always replaces an older one).</summary>
    public int QueueCapacity { get; set; } = 1000;

    public CommitStatusProvider Kind => Parse(Provider) ?? CommitStatusProvider.None;

    public bool Enabled => Kind != CommitStatusProvider.None;

    /// <summary>The API base with the provider's default when none is set.</summary>
    public Uri BaseUri => new((string.IsNullOrWhiteSpace(ApiUrl)
        ? DefaultApiUrl(Kind) ?? throw new InvalidOperationException($"{Section}:ApiUrl is required for {Kind}.")
        : ApiUrl).TrimEnd('/') + "/");

    public static CommitStatusProvider? Parse(string? provider) => provider?.Trim().ToLowerInvariant() switch
    {
        null or "" or "none" => CommitStatusProvider.None,
        "github" => CommitStatusProvider.GitHub,
        "gitlab" => CommitStatusProvider.GitLab,
        "gitea" or "forgejo" => CommitStatusProvider.Gitea,
        _ => null,
    };

    public static string? DefaultApiUrl(CommitStatusProvider provider) => provider switch
    {
        CommitStatusProvider.GitHub => "https://api.github.com",
        CommitStatusProvider.GitLab => "https://gitlab.com/api/v4",
        _ => null,
    };
}

public enum CommitStatusProvider
{
    None,
    GitHub,
    GitLab,
    Gitea,
}
