namespace Platform.Testing;

/// <summary>
/// A real SSH git server on a free loopback port: Debian's <c>sshd -D</c> with its own configuration and host key in
/// a temporary folder, one deploy key allowed, and every session forced through <c>git-shell</c> (git only, no shell,
/// no forwarding). It logs in as the user that runs the tests. Stopped by PID.
/// </summary>
public sealed class GitSshServer : IAsyncDisposable
{
    private readonly TempDirectory folder = new("gitssh");
    private ChildProcess? sshd;

    private GitSshServer()
    {
        Directory.CreateDirectory(Repositories);
    }

    public int Port { get; private set; }

    public string Repositories => folder.Combine("repos");

    /// <summary>The private deploy key (mode 600) that the server accepts.</summary>
    public string DeployKeyFile => folder.Combine("deploy_key");

    /// <summary>The server's host key as a known_hosts line: what a careful operator pins.</summary>
    public string KnownHostsLine { get; private set; } = "";

    /// <summary>A known_hosts line for this host and port with a key that is not the server's (a server that changed its key, or an impostor).</summary>
    public string WrongKnownHostsLine { get; private set; } = "";

    public string UrlOf(string name) => $"ssh://{Environment.UserName}@127.0.0.1:{Port}{Repositories}/{name}.git";

    public static async Task<GitSshServer> StartAsync()
    {
        var server = new GitSshServer();
        try
        {
            await server.StartCoreAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public Task<string> CreateRepositoryAsync(string name) => GitServerRepositories.CreateAsync(Repositories, name);

    /// <summary>Pushes a branch of a work tree over SSH, as a developer would, with the deploy key and the pinned host key.</summary>
    public async Task PushAsync(TempGitRepository work, string name, string refspec = "HEAD:refs/heads/main")
    {
        var knownHosts = folder.Combine("client_known_hosts");
        await File.WriteAllTextAsync(knownHosts, KnownHostsLine + "\n");
        var ssh = $"ssh -F /dev/null -i {DeployKeyFile} -o IdentitiesOnly=yes -o BatchMode=yes -o StrictHostKeyChecking=yes -o UserKnownHostsFile={knownHosts}";
        await work.GitAsync("-c", $"core.sshCommand={ssh}", "push", "--quiet", UrlOf(name), refspec);
    }

    public async ValueTask DisposeAsync()
    {
        if (sshd is not null)
        {
            await sshd.DisposeAsync();
        }

        folder.Dispose();
    }

    private async Task StartCoreAsync()
    {
        Port = FreePort.Next();
        await KeygenAsync(folder.Combine("host_key"));
        await KeygenAsync(DeployKeyFile);
        await KeygenAsync(folder.Combine("other_host_key"));
        var hostKey = (await File.ReadAllTextAsync(folder.Combine("host_key.pub"))).Trim().Split(' ');
        var otherKey = (await File.ReadAllTextAsync(folder.Combine("other_host_key.pub"))).Trim().Split(' ');
        KnownHostsLine = $"[127.0.0.1]:{Port} {hostKey[0]} {hostKey[1]}";
        WrongKnownHostsLine = $"[127.0.0.1]:{Port} {otherKey[0]} {otherKey[1]}";
        var deployKey = (await File.ReadAllTextAsync(DeployKeyFile + ".pub")).Trim();
        await File.WriteAllTextAsync(folder.Combine("authorized_keys"), $"restrict,command=\"git-shell -c \\\"$SSH_ORIGINAL_COMMAND\\\"\" {deployKey}\n");
        await File.WriteAllTextAsync(folder.Combine("sshd_config"), $"""
            Port {Port}
            ListenAddress 127.0.0.1
            HostKey {folder.Combine("host_key")}
            PidFile {folder.Combine("sshd.pid")}
            AuthorizedKeysFile {folder.Combine("authorized_keys")}
            AllowUsers {Environment.UserName}
            PubkeyAuthentication yes
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            PermitRootLogin prohibit-password
            UsePAM no
            StrictModes no
            LogLevel VERBOSE
            """);
        // sshd wants its privilege separation folder (the package's service would have made it).
        Directory.CreateDirectory("/run/sshd");
        sshd = ChildProcess.Start("/usr/sbin/sshd", ["-D", "-e", "-f", folder.Combine("sshd_config")]);
        await Eventually.WaitAsync(
            async ct =>
            {
                using var client = new System.Net.Sockets.TcpClient();
                try
                {
                    await client.ConnectAsync("127.0.0.1", Port, ct);
                    return !sshd.HasExited;
                }
                catch (System.Net.Sockets.SocketException)
                {
                    return false;
                }
            },
            TimeSpan.FromSeconds(20),
            $"sshd to listen on 127.0.0.1:{Port} (output: {sshd.Output})");
    }

    /// <summary>What sshd logged (a refused key or host, a forced command).</summary>
    public string Log => sshd?.Output ?? "";

    private static async Task KeygenAsync(string path)
    {
        var (exitCode, output) = await ChildProcess.RunAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "platform-test", "-f", path], TimeSpan.FromSeconds(20));
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"ssh-keygen -f {path} failed ({exitCode}): {output}");
        }
    }
}
