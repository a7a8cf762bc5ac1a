using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Platform.Testing;

namespace Platform.Bench.Commits;

/// <summary>
/// What the push-latency benchmark works on: a work clone with one small image, the bare repository it pushes to
/// (the remote the builder follows), and the builder's own Program (Release build) as a child process.
/// </summary>
public sealed class PushBench : IDisposable
{
    public const string GitHubSecret = "bench-github-webhook-secret-0123456789";
    public const string GitSecret = "bench-git-hook-secret-0123456789abcdef";
    public const string Image = "bench/push-latency";

    private readonly TempDirectory remoteFolder = new("bench-remote");
    private int version;

    private PushBench(TempGitRepository work)
    {
        Work = work;
    }

    public TempGitRepository Work { get; }

    public string Remote => remoteFolder.Combine("images.git");

    public string Hook => Path.Combine(Remote, "hooks", "post-receive");

    public static async Task<PushBench> CreateAsync()
    {
        var bench = new PushBench(await TempGitRepository.CreateAsync());
        bench.Work.WriteFile("images/app/image.yaml", $"name: {Image}\nplatforms: [linux/amd64]\n");
        bench.Work.WriteFile("images/app/Dockerfile", "ARG ROOT_IMAGE\nFROM ${ROOT_IMAGE}\nCOPY version.txt /srv/\n");
        bench.Work.WriteFile("images/app/version.txt", "0\n");
        await bench.Work.CommitAllAsync("the app image");
        await Git("clone", "-q", "--bare", bench.Work.Path, bench.Remote);
        return bench;
    }

    /// <summary>Commits a change of the image and pushes it; returns the commit once <c>git push</c> has returned, and when it returned.</summary>
    public async Task<(string Commit, long ReturnedAt)> PushChangeAsync()
    {
        Work.WriteFile("images/app/version.txt", $"{++version}\n");
        var commit = await Work.CommitAllAsync($"version {version}");
        await Git("-C", Work.Path, "push", "-q", Remote, "HEAD:refs/heads/main");
        return (commit, System.Diagnostics.Stopwatch.GetTimestamp());
    }

    /// <summary>A post-receive hook that sends git's standard input to the builder's plain webhook, as a self-hosted server would.</summary>
    public async Task InstallHookAsync(int builderPort)
    {
        await File.WriteAllTextAsync(Hook,
            "#!/bin/sh\n" +
            $"curl -fsS --max-time 5 -H 'Authorization: Bearer {GitSecret}' -H 'Content-Type: text/plain' " +
            $"--data-binary @- http://127.0.0.1:{builderPort}/api/webhooks/git >/dev/null\n");
        await Git("-C", Remote, "config", "core.hooksPath", Path.Combine(Remote, "hooks"));
        var (exitCode, output) = await ChildProcess.RunAsync("chmod", ["+x", Hook], TimeSpan.FromSeconds(10));
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"chmod +x {Hook}: {output}");
        }
    }

    public void RemoveHook() => File.Delete(Hook);

    /// <summary>GitHub's push event for the commit, signed as GitHub signs it.</summary>
    public static HttpRequestMessage GitHubPush(string commit)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new
        {
            @ref = "refs/heads/main",
            before = new string('0', 40),
            after = commit,
            repository = new { full_name = "bench/images", clone_url = "https://github.com/bench/images.git" },
            pusher = new { name = "bench" },
        });
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/github") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("X-GitHub-Event", "push");
        request.Headers.Add("X-GitHub-Delivery", Guid.NewGuid().ToString());
        request.Headers.Add("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(GitHubSecret), body)));
        return request;
    }

    /// <summary>Starts services/Builder's Release build following the remote; returns once it answers /health.</summary>
    public async Task<ChildProcess> StartBuilderAsync(
        RabbitMqNode broker, RegistryServer registry, string data, int port, string pollInterval, bool webhooks)
    {
        var folder = BuildFolder();
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["ConnectionStrings__messaging"] = broker.ConnectionString,
            ["ConnectionStrings__registry"] = registry.BaseUri.ToString().TrimEnd('/'),
            ["Catalog__Repository"] = Remote,
            ["Catalog__BuildArgs__ROOT_IMAGE"] = "platform/root:busybox-${TARGETARCH}",
            ["Builder__DataDirectory"] = data,
            ["Builder__InstanceName"] = "bench",
            ["Builder__PollInterval"] = pollInterval,
            ["Logging__LogLevel__Default"] = "Warning",
        };
        if (webhooks)
        {
            environment["Builder__Webhooks__GitHub__Secret"] = GitHubSecret;
            environment["Builder__Webhooks__Git__Secret"] = GitSecret;
        }

        var process = ChildProcess.Start("dotnet", [Path.Combine(folder, "Platform.Builder.dll")], environment, folder);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        await Eventually.WaitAsync(
            async ct => !process.HasExited && (await http.GetAsync($"http://127.0.0.1:{port}/health", ct)).IsSuccessStatusCode,
            TimeSpan.FromSeconds(60),
            $"the builder to answer on port {port} (output: {process.Output})");
        return process;
    }

    /// <summary>Waits until the builder's cycle for the commit has ended, so that the next push finds it idle.</summary>
    public static async Task WaitForCycleAsync(HttpClient api, string commit) =>
        await Eventually.WaitAsync(
            ct => api.GetFromJsonAsync<JsonElement>("/api/commits", ct),
            status => status.GetProperty("lastCommit").GetString() == commit,
            TimeSpan.FromSeconds(120),
            $"the builder's cycle for {commit[..7]} to end",
            TimeSpan.FromMilliseconds(20));

    /// <summary>The 1-, 5- and 15-minute load averages and the number of cores, to say whether the machine was quiet.</summary>
    public static string Load() =>
        $"load {string.Join(" / ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3))} on {Environment.ProcessorCount} cores";

    public static double LoadNow() => double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);

    public void Dispose()
    {
        Work.Dispose();
        remoteFolder.Dispose();
    }

    private static async Task Git(params string[] args)
    {
        var (exitCode, output) = await ChildProcess.RunAsync("git", args, TimeSpan.FromSeconds(30));
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', args)} failed ({exitCode}): {output}");
        }
    }

    /// <summary>services/Builder's build output in this benchmark's configuration (dotnet run builds it as a reference).</summary>
    private static string BuildFolder()
    {
        // bench/bin/<configuration>/net10.0/
        var configuration = Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)))!;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var folder = Path.Combine(dir.FullName, "services", "Builder", "bin", configuration, "net10.0");
            if (File.Exists(Path.Combine(dir.FullName, "Platform.sln")))
            {
                return File.Exists(Path.Combine(folder, "Platform.Builder.dll")) ? folder : throw new InvalidOperationException($"no build of the builder in {folder}");
            }
        }

        throw new InvalidOperationException("run the benchmark from inside the Platform checkout");
    }
}
