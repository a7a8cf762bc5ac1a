namespace Platform.Catalog.Git;

/// <summary>
/// What a git process needs to reach the remote: environment variables (the askpass script and the secrets it
/// hands out, the ssh command with the pinned host keys) and <c>-c</c> settings. Secrets live only in the
/// environment of the git child process: never in its arguments, a URL or a log line.
/// </summary>
public sealed record GitAccess(IReadOnlyDictionary<string, string> Environment, IReadOnlyList<string> Settings)
{
    /// <summary>A local repository: nothing to reach.</summary>
    public static readonly GitAccess Local = new(new Dictionary<string, string>(), []);

    /// <summary>The names of the variables that carry secrets, so that a log or an error never shows their values.</summary>
    public IEnumerable<string> SecretValues => Environment
        .Where(e => e.Key is Remote.GitCredentialScript.UsernameVariable or Remote.GitCredentialScript.PasswordVariable && e.Value.Length > 0)
        .Select(e => e.Value);

    /// <summary>Replaces every secret value in <paramref name="text"/> (git's own messages should never carry one; this makes sure).</summary>
    public string Redact(string text)
    {
        foreach (var secret in SecretValues.Where(s => s.Length >= 4))
        {
            text = text.Replace(secret, "***", StringComparison.Ordinal);
        }

        return text;
    }
}
