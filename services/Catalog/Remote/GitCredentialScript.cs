namespace Platform.Catalog.Remote;

/// <summary>
/// The <c>GIT_ASKPASS</c> program: a short script that answers git's prompts from two environment variables
/// of the git process that runs it. The script holds no secret; the variables exist only in that process tree.
/// It answers only for the remote's own host: a redirect to another host gets no credentials.
/// </summary>
public static class GitCredentialScript
{
    public const string UsernameVariable = "PLATFORM_GIT_USERNAME";
    public const string PasswordVariable = "PLATFORM_GIT_PASSWORD";
    public const string HostVariable = "PLATFORM_GIT_HOST";

    private const string Script = """
        #!/bin/sh
        # git asks "Username for 'https://host': " and "Password for 'https://user@host': "; the answers come
        # from the environment, and only for the host of the followed remote.
        url=${1#*\'}; url=${url%\'*}; host=${url#*://}; host=$(printf '%s' "${host##*@}" | tr 'A-Z' 'a-z')
        [ "$host" = "$PLATFORM_GIT_HOST" ] || { echo "platform askpass: no credentials for $host" >&2; exit 1; }
        case "$1" in
          Username*) printf '%s\n' "$PLATFORM_GIT_USERNAME" ;;
          *) printf '%s\n' "$PLATFORM_GIT_PASSWORD" ;;
        esac

        """;

    /// <summary>Writes the script into <paramref name="folder"/> (owner-only) and returns its path.</summary>
    public static string Write(string folder)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "askpass.sh");
        if (!File.Exists(path) || File.ReadAllText(path) != Script)
        {
            File.WriteAllText(path, Script);
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }
}
