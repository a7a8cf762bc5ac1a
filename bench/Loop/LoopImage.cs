using Platform.Testing;

namespace Platform.Bench.Loop;

/// <summary>
/// The small service of the loop: busybox httpd on the local root image (linux/amd64 only), a page that each commit
/// changes and a CGI health path; written into a repository as the catalogue image <see cref="Name"/>.
/// </summary>
public static class LoopImage
{
    public const string Name = "bench/loop";
    public const string Folder = "images/web";
    public const string HealthPath = "/cgi-bin/health";
    public const string Page = Folder + "/www/index.html";

    public static async Task WriteAsync(TempGitRepository repository, string first)
    {
        repository.WriteFile($"{Folder}/image.yaml",
            $"name: {Name}\nkind: service\nplatforms: [linux/amd64]\nservice:\n  port: 8080\n  health: {HealthPath}\n");
        repository.WriteFile($"{Folder}/Dockerfile", "FROM platform/root:busybox-amd64\nCOPY serve /usr/local/bin/serve\nCOPY www/ /www/\nCMD [\"serve\"]\n");
        repository.WriteFile($"{Folder}/serve", "#!/bin/sh\nhttpd -f -p 8080 -h /www &\nserver=$!\ntrap 'kill -TERM \"$server\"' TERM INT\nwait \"$server\"\n");
        repository.WriteFile($"{Folder}/www/cgi-bin/health", "#!/bin/sh\nprintf 'Content-Type: text/plain\\r\\n\\r\\nok\\n'\n");
        repository.WriteFile(Page, first + "\n");
        var (exitCode, output) = await ChildProcess.RunAsync("chmod", ["755", Path.Combine(repository.Path, Folder, "serve"), Path.Combine(repository.Path, Folder, "www", "cgi-bin", "health")],
            TimeSpan.FromSeconds(10));
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"chmod: {output}");
        }

        await repository.CommitAllAsync("the loop's service");
    }
}
