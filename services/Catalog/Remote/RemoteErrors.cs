namespace Platform.Catalog.Remote;

/// <summary>Turns what git and ssh print when a remote cannot be used into a sentence that names the remote and the setting to look at.</summary>
public static class RemoteErrors
{
    public static string Describe(RepositoryAddress address, string operation, string gitError)
    {
        var said = string.Join(" ", gitError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => !line.StartsWith("Cloning into", StringComparison.Ordinal) && !line.Contains("remote: Counting", StringComparison.Ordinal)));
        var reason = Reason(address, said);
        return $"{operation} {address} failed: {reason}{(said.Length > 0 && reason != said ? $" (git: {Shorten(said)})" : "")}";
    }

    private static string Reason(RepositoryAddress address, string said)
    {
        if (Has(said, "Host key verification failed") || Has(said, "No ") && Has(said, "host key is known"))
        {
            return Has(said, "REMOTE HOST IDENTIFICATION HAS CHANGED")
                ? $"the host key of {address.KnownHostsName} does not match the one pinned in Catalog:SshKnownHosts; if the server's key really changed, pin the new one"
                : $"the host key of {address.KnownHostsName} is unknown: pin it in Catalog:SshKnownHosts (a known_hosts line, e.g. from `ssh-keyscan{(address.Port is { } p and not 22 ? $" -p {p}" : "")} {address.Host}`, checked against what the provider publishes)";
        }

        if (Has(said, "Permission denied (publickey") || Has(said, "Permission denied"))
        {
            return $"the ssh server refused the deploy key (Catalog:SshKeyFile): is it added to the repository as a deploy key?";
        }

        if (Has(said, "Authentication failed") || Has(said, "could not read Username") || Has(said, "could not read Password") || Has(said, "returned error: 401"))
        {
            return "the remote refused the credentials (Catalog:Username and Catalog:Password, or Catalog:Token): wrong, expired or missing, or the token lacks read access to the repository";
        }

        if (Has(said, "returned error: 403"))
        {
            return "the remote answered 403 Forbidden: the credentials are known but may not read this repository";
        }

        if (Has(said, "not found") || Has(said, "does not appear to be a git repository") || Has(said, "returned error: 404"))
        {
            return "the remote has no such repository (or hides it from these credentials)";
        }

        if (Has(said, "Could not resolve host") || Has(said, "Failed to connect") || Has(said, "Connection refused") || Has(said, "Connection timed out")
            || Has(said, "Could not read from remote repository") || Has(said, "Connection closed") || Has(said, "Operation timed out") || Has(said, "did not finish within"))
        {
            return "the remote cannot be reached";
        }

        return said.Length > 0 ? said : "git gave no reason";
    }

    private static bool Has(string text, string part) => text.Contains(part, StringComparison.OrdinalIgnoreCase);

    private static string Shorten(string text) => text.Length <= 400 ? text : text[..400] + "...";
}
