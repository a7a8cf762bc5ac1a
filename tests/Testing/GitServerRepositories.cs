namespace Platform.Testing;

/// <summary>Bare repositories as a git server keeps them: HEAD on main, partial clones served, pushes taken.</summary>
internal static class GitServerRepositories
{
    public static async Task<string> CreateAsync(string root, string name)
    {
        var path = Path.Combine(root, name + ".git");
        await RunAsync("init", "--quiet", "--bare", "-b", "main", path);
        foreach (var (key, value) in new[] { ("http.receivepack", "true"), ("uploadpack.allowFilter", "true"), ("uploadpack.allowAnySHA1InWant", "true") })
        {
            await RunAsync("-C", path, "config", key, value);
        }

        return path;
    }

    private static async Task RunAsync(params string[] args)
    {
        var (exitCode, output) = await ChildProcess.RunAsync("git", args, TimeSpan.FromSeconds(30));
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', args)} failed ({exitCode}): {output}");
        }
    }
}
