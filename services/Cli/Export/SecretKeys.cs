using System.Text.RegularExpressions;

namespace Platform.Cli.Export;

/// <summary>
/// The keys of the Secret <c>platform-secrets</c>: those the AppHost's model marks secret, the API token, and the repository
/// and registry access that a cluster needs (the repository's URL is required: a pod clones it); and the <c>secrets.env</c>
/// files of the overlays, from which kustomize's secretGenerator makes the Secret.
/// </summary>
public static partial class SecretKeys
{
    public const string ApiToken = "api-token";
    public const string RepositoryUrl = "repository-url";
    public const string MessagingPassword = "messaging-password";

    /// <summary>Keys a pod reads only when they are set (<c>optional: true</c>), with what they are.</summary>
    public static readonly IReadOnlyDictionary<string, string> Optional = new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        ["repository-username"] = "user name for an https repository (x-access-token with a GitHub token)",
        ["repository-password"] = "password or token of an https repository",
        ["registry-host"] = "the registry Platform pushes to and pulls from, when it needs credentials (for example ghcr.io)",
        ["registry-username"] = "user name for registry-host",
        ["registry-password"] = "password or token for registry-host",
        ["github-webhook-secret"] = "turns on the builder's GitHub push webhook (/api/webhooks/github)",
        ["gitlab-webhook-token"] = "turns on the builder's GitLab push webhook (/api/webhooks/gitlab)",
        ["gitea-webhook-secret"] = "turns on the builder's Gitea/Forgejo push webhook (/api/webhooks/gitea)",
        ["git-webhook-secret"] = "turns on the builder's post-receive hook webhook (/api/webhooks/git)",
    };

    /// <summary>The builder's push webhooks by provider (its configuration's name) and their Secret keys (the AppHost's parameters).</summary>
    public static readonly (string Provider, string Key)[] PushWebhooks =
        [("GitHub", "github-webhook-secret"), ("GitLab", "gitlab-webhook-token"), ("Gitea", "gitea-webhook-secret"), ("Git", "git-webhook-secret")];

    /// <summary>The keys every export needs beside the model's own secret parameters.</summary>
    public static readonly IReadOnlyDictionary<string, string> Always = new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        [ApiToken] = "the token of the services' changing endpoints (Authorization: Bearer; PLATFORM_API_TOKEN for the CLI)",
        [RepositoryUrl] = "the git repository of images every service follows (https://host/org/images.git)",
    };

    public static SortedSet<string> Required(IEnumerable<string> fromModel) => new(fromModel.Concat(Always.Keys), StringComparer.Ordinal);

    /// <summary>The example an overlay carries: every key, with what it is, and no value.</summary>
    public static string Example(IEnumerable<string> required)
    {
        var lines = new List<string>
        {
            "# Copy to secrets.env (never committed: .gitignore) and fill in; kustomize makes the Secret platform-secrets from it.",
            "# Required:",
        };
        foreach (var key in required)
        {
            if (Always.TryGetValue(key, out var what))
            {
                lines.Add($"# {key}: {what}");
            }

            lines.Add($"{key}=");
        }

        lines.Add("# Optional (leave out what does not apply):");
        foreach (var (key, what) in Optional)
        {
            lines.Add($"# {key}: {what}");
            lines.Add($"# {key}=");
        }

        return string.Join('\n', lines) + "\n";
    }

    /// <summary>Reads a <c>KEY=value</c> file and checks it gives every required key a value and no key Platform does not read.</summary>
    public static SortedDictionary<string, string> Read(string path, IReadOnlySet<string> required)
    {
        if (!File.Exists(path))
        {
            throw new CommandLineException($"--secrets {path} does not exist (a KEY=value file; see secrets.env.example in an overlay)");
        }

        var values = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var line in File.ReadAllLines(path))
        {
            lineNumber++;
            var text = line.Trim();
            if (text.Length == 0 || text.StartsWith('#'))
            {
                continue;
            }

            var equals = text.IndexOf('=', StringComparison.Ordinal);
            var key = equals < 0 ? text : text[..equals].Trim();
            if (equals < 0 || !Key().IsMatch(key))
            {
                throw new CommandLineException($"{path}:{lineNumber}: not a KEY=value line (the key is lowercase letters, digits and '-')");
            }

            if (!required.Contains(key) && !Optional.ContainsKey(key))
            {
                throw new CommandLineException($"{path}:{lineNumber}: '{key}' is not a key of the Secret platform-secrets (keys: {string.Join(", ", required.Concat(Optional.Keys))})");
            }

            if (!values.TryAdd(key, text[(equals + 1)..].Trim()))
            {
                throw new CommandLineException($"{path}:{lineNumber}: '{key}' is given twice");
            }
        }

        var missing = required.Where(k => !values.TryGetValue(k, out var v) || v.Length == 0).ToList();
        if (missing.Count > 0)
        {
            throw new CommandLineException($"{path}: no value for {string.Join(", ", missing)} (the Secret platform-secrets needs {(missing.Count == 1 ? "it" : "them")}; nothing was written)");
        }

        foreach (var (key, value) in values.Where(v => v.Value.Length == 0).ToList())
        {
            values.Remove(key);
        }

        return values;
    }

    public static string Write(IReadOnlyDictionary<string, string> values) => string.Concat(values.Select(v => $"{v.Key}={v.Value}\n"));

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$")]
    private static partial Regex Key();
}
