using System.Text.RegularExpressions;

namespace Platform.Catalog.Remote;

/// <summary>How the repository of images is reached.</summary>
public enum RepositoryTransport
{
    /// <summary>A folder on this machine (a work tree or a bare repository).</summary>
    Local,

    /// <summary>Git smart HTTP, <c>https://</c> (or <c>http://</c> on loopback).</summary>
    Http,

    /// <summary>SSH, <c>ssh://[user@]host[:port]/path</c> or the short <c>user@host:path</c>.</summary>
    Ssh,
}

/// <summary>
/// <c>Catalog:Repository</c> as typed: a local path or a remote git URL. The text of a remote is safe to log:
/// an address with a password or token in it is refused (credentials have settings of their own).
/// </summary>
public sealed partial record RepositoryAddress(string Text, RepositoryTransport Transport, string? Host, int? Port)
{
    public bool IsRemote => Transport != RepositoryTransport.Local;

    /// <summary>True for an http(s) remote on a loopback address, where plain http is allowed.</summary>
    public bool IsLoopback => Host is "localhost" || (Host is not null && System.Net.IPAddress.TryParse(Host.Trim('[', ']'), out var ip) && System.Net.IPAddress.IsLoopback(ip));

    /// <summary>How ssh names the host in known_hosts: <c>host</c>, or <c>[host]:port</c> off port 22.</summary>
    public string KnownHostsName => Port is { } port and not 22 ? $"[{Host}]:{port}" : Host ?? "";

    public override string ToString() => Text;

    /// <summary>Reads an address; returns null with the reason when it is a URL that cannot be followed.</summary>
    public static RepositoryAddress? Parse(string text, out string? problem)
    {
        problem = null;
        var trimmed = text.Trim();
        if (SchemePattern().Match(trimmed) is { Success: true } scheme)
        {
            return ParseUrl(trimmed, scheme.Groups[1].Value.ToLowerInvariant(), out problem);
        }

        // git's rule: "host:path" with a colon before any slash is the short form of ssh.
        if (ScpPattern().Match(trimmed) is { Success: true } scp && !LooksLikeDrive(trimmed))
        {
            return new RepositoryAddress(trimmed, RepositoryTransport.Ssh, scp.Groups["host"].Value, null);
        }

        return new RepositoryAddress(trimmed, RepositoryTransport.Local, null, null);
    }

    private static RepositoryAddress? ParseUrl(string text, string scheme, out string? problem)
    {
        problem = null;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
        {
            problem = $"'{text}' is not a URL git can fetch from";
            return null;
        }

        switch (scheme)
        {
            case "https" or "http":
                if (uri.UserInfo.Length > 0)
                {
                    problem = $"the address {uri.Scheme}://{uri.Host}{uri.AbsolutePath} carries a user or token; put them in Catalog:Username and Catalog:Password (or Catalog:Token), never in the URL";
                    return null;
                }

                var address = new RepositoryAddress(text, RepositoryTransport.Http, uri.Host, uri.IsDefaultPort ? null : uri.Port);
                if (scheme == "http" && !address.IsLoopback)
                {
                    problem = $"{text} is plain http off loopback: credentials and code would cross the network unencrypted; use https";
                    return null;
                }

                return address;
            case "ssh" or "git+ssh" or "ssh+git":
                if (uri.UserInfo.Contains(':', StringComparison.Ordinal))
                {
                    problem = $"the address ssh://{uri.Host}{uri.AbsolutePath} carries a password; SSH remotes use a deploy key (Catalog:SshKeyFile)";
                    return null;
                }

                return new RepositoryAddress(text, RepositoryTransport.Ssh, uri.Host, uri.IsDefaultPort ? null : uri.Port);
            case "file":
                return new RepositoryAddress(uri.LocalPath, RepositoryTransport.Local, null, null);
            default:
                problem = $"'{text}' uses {scheme}://, which Platform does not follow; use https://, ssh://, user@host:path or a local path";
                return null;
        }
    }

    private static bool LooksLikeDrive(string text) => text.Length >= 2 && text[1] == ':' && char.IsAsciiLetter(text[0]);

    [GeneratedRegex(@"^([a-zA-Z][a-zA-Z0-9+.-]*)://")]
    private static partial Regex SchemePattern();

    [GeneratedRegex(@"^(?:[^@/:]+@)?(?<host>[^@/:\[\]]+|\[[^\]]+\]):(?!//)")]
    private static partial Regex ScpPattern();
}
