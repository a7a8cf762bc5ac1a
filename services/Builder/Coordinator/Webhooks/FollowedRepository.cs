using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Platform.Catalog;

namespace Platform.Builder.Coordinator.Webhooks;

/// <summary>
/// Whether a payload's repository is the one the builder follows: <c>Builder:Webhooks:Repository</c>, else a remote
/// <c>Catalog:Repository</c>. Names compare without scheme, user, port, <c>.git</c> and case, so that
/// <c>acme/images</c>, <c>https://github.com/acme/images.git</c> and <c>git@github.com:acme/images.git</c> are one.
/// </summary>
public sealed partial class FollowedRepository(IOptions<PushWebhookOptions> options, IOptions<CatalogOptions> catalog)
{
    /// <summary>The followed repository's name, or null when any repository is accepted (a local folder and no setting).</summary>
    public string? Name => options.Value.Repository is { Length: > 0 } configured ? configured
        : IsRemote(catalog.Value.Repository) ? catalog.Value.Repository
        : null;

    public bool Matches(IReadOnlyList<string> payloadNames)
    {
        if (Name is not { } name)
        {
            return true;
        }

        var wanted = Normalize(name);
        return payloadNames.Select(Normalize).Any(n => n == wanted || n.EndsWith("/" + wanted, StringComparison.Ordinal));
    }

    /// <summary>A URL (<c>https://</c>, <c>ssh://</c>), scp-style <c>user@host:path</c>, or <c>owner/name</c>.</summary>
    public static bool IsName(string value) =>
        IsRemote(value) || OwnerAndName().IsMatch(value);

    /// <summary>A repository that is not a folder of this machine (the catalogue's own reading of an address).</summary>
    public static bool IsRemote(string repository) =>
        repository.Contains("://", StringComparison.Ordinal) || Platform.Catalog.Remote.RepositoryAddress.Parse(repository, out _) is { IsRemote: true };

    internal static string Normalize(string name)
    {
        var text = name.Trim().ToLowerInvariant();
        if (text.IndexOf("://", StringComparison.Ordinal) is var scheme and >= 0)
        {
            text = text[(scheme + 3)..];
            var slash = text.IndexOf('/') is var s and >= 0 ? s : text.Length;
            var host = text[..slash];
            host = host[(host.LastIndexOf('@') + 1)..];
            host = host.Split(':')[0];
            text = host + text[slash..];
        }
        else if (ScpLike().Match(text) is { Success: true } scp)
        {
            text = scp.Groups["host"].Value + "/" + text[scp.Length..];
        }

        text = text.TrimEnd('/');
        return text.EndsWith(".git", StringComparison.Ordinal) ? text[..^4] : text;
    }

    [GeneratedRegex(@"^(?:[^@/\s]+@)?(?<host>[A-Za-z0-9.-]{2,}):(?!//)")]
    private static partial Regex ScpLike();

    [GeneratedRegex(@"^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)+$")]
    private static partial Regex OwnerAndName();
}
