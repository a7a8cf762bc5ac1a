using Platform.Catalog.Git;

namespace Platform.Catalog.Remote;

/// <summary>Turns the credential settings of <c>Catalog</c> into the <see cref="GitAccess"/> of a remote, and checks them.</summary>
public static class RemoteAccess
{
    /// <summary>The user name sent with a token when none is set: GitHub wants it; GitLab and Gitea accept any.</summary>
    public const string TokenUser = "x-access-token";

    /// <summary>What is wrong with the settings for this address, each naming its key; empty when they can be used.</summary>
    public static IEnumerable<string> Problems(RepositoryAddress address, CatalogOptions options)
    {
        if (!string.IsNullOrEmpty(options.Password) && !string.IsNullOrEmpty(options.Token))
        {
            yield return "Catalog:Password and Catalog:Token are both set; set one of them";
        }

        if (!string.IsNullOrEmpty(options.Username) && string.IsNullOrEmpty(options.Password) && string.IsNullOrEmpty(options.Token))
        {
            yield return "Catalog:Username is set without Catalog:Password or Catalog:Token";
        }

        if (address.Transport != RepositoryTransport.Ssh)
        {
            yield break;
        }

        if (!string.IsNullOrEmpty(options.SshKnownHosts) && !string.IsNullOrEmpty(options.SshKnownHostsFile))
        {
            yield return "Catalog:SshKnownHosts and Catalog:SshKnownHostsFile are both set; set one of them";
        }

        if (options.SshKeyFile is { Length: > 0 } key)
        {
            if (!File.Exists(key))
            {
                yield return $"Catalog:SshKeyFile names {key}, which does not exist";
            }
            else if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(key) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0)
            {
                yield return $"Catalog:SshKeyFile {key} can be read by other users and ssh refuses such a key: chmod 600 it";
            }
        }

        if (options.SshKnownHostsFile is { Length: > 0 } file && !File.Exists(file))
        {
            yield return $"Catalog:SshKnownHostsFile names {file}, which does not exist";
        }
    }

    /// <summary>The settings a service needs for an ssh remote: a deploy key and the pinned host key (a person's own ssh setup is not there).</summary>
    public static IEnumerable<string> ServiceProblems(RepositoryAddress address, CatalogOptions options)
    {
        if (address.Transport == RepositoryTransport.Ssh)
        {
            if (string.IsNullOrEmpty(options.SshKeyFile))
            {
                yield return $"Catalog:SshKeyFile is required to follow {address}: the private deploy key file";
            }

            if (string.IsNullOrEmpty(options.SshKnownHosts) && string.IsNullOrEmpty(options.SshKnownHostsFile))
            {
                yield return $"Catalog:SshKnownHosts (or Catalog:SshKnownHostsFile) is required to follow {address}: the server's host key, as a known_hosts line for {address.KnownHostsName}";
            }
        }
    }

    /// <summary>Writes the helper files the access needs into <paramref name="folder"/> (no secret among them) and returns the access.</summary>
    public static GitAccess Prepare(RepositoryAddress address, CatalogOptions options, string folder)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        // No credential helper of the machine's git configuration stores or offers credentials; stalls end the transfer.
        List<string> settings = ["credential.helper=", "http.lowSpeedLimit=1000", "http.lowSpeedTime=60", "protocol.version=2"];
        if (address.Transport == RepositoryTransport.Http)
        {
            environment["GIT_ASKPASS"] = GitCredentialScript.Write(folder);
            environment[GitCredentialScript.HostVariable] = (address.Port is { } port ? $"{address.Host}:{port}" : address.Host!).ToLowerInvariant();
            var password = string.IsNullOrEmpty(options.Token) ? options.Password ?? "" : options.Token;
            environment[GitCredentialScript.UsernameVariable] = options.Username is { Length: > 0 } user ? user
                : string.IsNullOrEmpty(options.Token) ? "" : TokenUser;
            environment[GitCredentialScript.PasswordVariable] = password;
        }
        else if (address.Transport == RepositoryTransport.Ssh)
        {
            environment["GIT_SSH_COMMAND"] = SshCommand(options, folder);
            environment["GIT_SSH_VARIANT"] = "ssh";
        }

        return new GitAccess(environment, settings);
    }

    private static string SshCommand(CatalogOptions options, string folder)
    {
        var command = new List<string> { "ssh", "-o", "BatchMode=yes", "-o", "ConnectTimeout=20", "-o", "ServerAliveInterval=15", "-o", "ServerAliveCountMax=4" };
        var knownHosts = options.SshKnownHostsFile;
        if (!string.IsNullOrEmpty(options.SshKnownHosts))
        {
            Directory.CreateDirectory(folder);
            knownHosts = Path.Combine(folder, "known_hosts");
            File.WriteAllText(knownHosts, options.SshKnownHosts.Trim() + "\n");
        }

        if (knownHosts is { Length: > 0 })
        {
            command.AddRange(["-o", "StrictHostKeyChecking=yes", "-o", $"UserKnownHostsFile={Quote(Path.GetFullPath(knownHosts))}", "-o", "GlobalKnownHostsFile=/dev/null"]);
        }

        if (options.SshKeyFile is { Length: > 0 } key)
        {
            // Only this key, and none of the user's ssh configuration or agent: what a service in a pod has.
            command.AddRange(["-F", "/dev/null", "-o", "IdentitiesOnly=yes", "-o", "IdentityAgent=none", "-i", Quote(Path.GetFullPath(key))]);
        }

        return string.Join(' ', command);
    }

    /// <summary>Quotes a path for the shell git runs GIT_SSH_COMMAND with.</summary>
    private static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
