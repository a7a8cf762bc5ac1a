using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Builder.Tests.Service;
using Platform.Contracts;
using Platform.Testing;

namespace Platform.Builder.Tests.Webhooks;

/// <summary>
/// A builder that follows a bare repository on disk (the "remote") with a poll interval of 5 minutes, the push
/// webhooks of every provider switched on, and a tap on ImageBuildStarted. The test pushes to the remote from
/// the scenario's repository (the work clone), as a developer would, then plays the provider.
/// </summary>
public sealed class WebhookScenario : IAsyncDisposable
{
    public const string GitHubSecret = "github-secret-of-the-webhook-tests";
    public const string GitLabToken = "gitlab-token-of-the-webhook-tests";
    public const string GiteaSecret = "gitea-secret-of-the-webhook-tests";
    public const string GitSecret = "git-hook-secret-of-the-webhook-tests";
    public const string Image = "app";

    /// <summary>Longer than any test waits: only a webhook (or the first cycle at start) can make the builder look.</summary>
    public const string LongPollInterval = "00:05:00";

    private readonly TempDirectory remoteFolder = new("remote");
    private MessageTap? started;
    private int version = 1;

    private WebhookScenario(BuilderScenario builder)
    {
        Builder = builder;
    }

    public BuilderScenario Builder { get; }

    /// <summary>The bare repository the builder follows (<c>Catalog:Repository</c>).</summary>
    public string Remote => remoteFolder.Combine("images.git");

    /// <summary>The commit the builder built at start.</summary>
    public string FirstCommit { get; private set; } = "";

    /// <summary>Where the builder listens on loopback, when it was started with <c>listen</c>.</summary>
    public Uri? BaseAddress { get; private set; }

    /// <param name="settings">Settings over the scenario's: the secrets, the poll interval, anything else.</param>
    /// <param name="listen">Listen on a loopback port (for curl in a git hook) instead of in memory.</param>
    public static async Task<WebhookScenario> CreateAsync(
        BuilderInfrastructure infrastructure, IReadOnlyDictionary<string, string>? settings = null, bool listen = false, bool webhooks = true)
    {
        var scenario = new WebhookScenario(await BuilderScenario.CreateAsync(infrastructure));
        try
        {
            await scenario.StartAsync(infrastructure, settings, listen, webhooks);
            return scenario;
        }
        catch
        {
            await scenario.DisposeAsync();
            throw;
        }
    }

    private async Task StartAsync(BuilderInfrastructure infrastructure, IReadOnlyDictionary<string, string>? settings, bool listen, bool webhooks)
    {
        Builder.WriteImage(Image, "FROM platform/root:busybox\nCOPY version.txt /srv/\n", ("version.txt", "1\n"));
        FirstCommit = await Builder.Repository.CommitAllAsync("the app image");
        await Git(["clone", "-q", "--bare", Builder.Repository.Path, Remote]);
        using (var cts = new CancellationTokenSource(BuilderScenario.StepTimeout))
        {
            started = await MessageTap.StartAsync(infrastructure.Broker.ConnectionString, typeof(ImageBuildStarted).FullName!, cts.Token);
        }

        var all = new Dictionary<string, string>
        {
            ["Catalog:Repository"] = Remote,
            ["Builder:PollInterval"] = LongPollInterval,
            ["Logging:LogLevel:Platform.Builder.Coordinator.Webhooks"] = "Debug",
        };
        if (webhooks)
        {
            all["Builder:Webhooks:GitHub:Secret"] = GitHubSecret;
            all["Builder:Webhooks:GitLab:Secret"] = GitLabToken;
            all["Builder:Webhooks:Gitea:Secret"] = GiteaSecret;
            all["Builder:Webhooks:Git:Secret"] = GitSecret;
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            all[key] = value;
        }

        int? port = listen ? FreePort.Next() : null;
        await Builder.StartBuilderAsync(all, port);
        BaseAddress = port is { } p ? new Uri($"http://127.0.0.1:{p}") : null;
        await Builder.WaitForPushAsync(Builder.Image(Image), FirstCommit);
        await Builder.WaitForCycleAsync(FirstCommit, _ => true, "the first cycle to end");
    }

    /// <summary>Commits a change to the image in the work clone and pushes it to the remote; returns the commit once <c>git push</c> returned.</summary>
    public async Task<string> PushChangeAsync(string branch = "main")
    {
        Builder.Repository.WriteFile($"images/{Image}/version.txt", $"{++version}\n");
        var commit = await Builder.Repository.CommitAllAsync($"version {version}");
        await Git(["-C", Builder.Repository.Path, "push", "-q", Remote, $"HEAD:refs/heads/{branch}"]);
        return commit;
    }

    /// <summary>When ImageBuildStarted for the app image at the commit arrived (Stopwatch ticks), waiting up to <paramref name="timeout"/>.</summary>
    public async Task<long> WaitForBuildStartAsync(string commit, TimeSpan timeout)
    {
        var message = await Eventually.WaitAsync(
            _ => Task.FromResult(BuildStartsOf(commit).FirstOrDefault()),
            m => m.ValueKind == JsonValueKind.Object,
            timeout,
            Builder.Failure($"ImageBuildStarted for {Builder.Image(Image)} at {commit[..7]}"),
            TimeSpan.FromMilliseconds(5));
        return started!.ArrivedAt[message.ToString()];
    }

    /// <summary>Waits <paramref name="quiet"/> and checks that no build of the commit started and the builder still reports its first commit.</summary>
    public async Task AssertNotLookedAtAsync(string commit, TimeSpan quiet, string because)
    {
        await Task.Delay(quiet);
        using var cts = new CancellationTokenSource(BuilderScenario.StepTimeout);
        var status = JsonDocument.Parse(await Builder.Http.GetStringAsync("/api/commits", cts.Token)).RootElement;
        Assert.True(BuildStartsOf(commit).Count == 0 && status.GetProperty("lastCommit").GetString() == FirstCommit,
            Builder.Failure($"expected no look at the repository after {because}: no build of {commit[..7]} and /api/commits still at {FirstCommit[..7]}; saw {BuildStartsOf(commit).Count} build start(s), status {status}"));
    }

    public IReadOnlyList<JsonElement> BuildStartsOf(string commit) =>
        [.. started!.Where("image", Builder.Image(Image)).Where(m => m.GetProperty("commit").GetString() == commit)];

    /// <summary>A documented sample payload of Payloads/, with the given fields replaced (a JSON path of property names separated by dots).</summary>
    public static byte[] Payload(string file, params (string Path, string? Value)[] changes)
    {
        var root = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Webhooks", "Payloads", file)))!;
        foreach (var (path, value) in changes)
        {
            var parts = path.Split('.');
            var parent = parts[..^1].Aggregate(root, (node, part) => node[part]!);
            if (value is null)
            {
                parent.AsObject().Remove(parts[^1]);
            }
            else
            {
                parent[parts[^1]] = value;
            }
        }

        return Encoding.UTF8.GetBytes(root.ToJsonString());
    }

    /// <summary>GitHub's push of the commit to <paramref name="reference"/>, as GitHub sends it: signed, with its event and delivery headers.</summary>
    public Task<Answer> GitHubPushAsync(string commit, string reference = "refs/heads/main", string? delivery = null) =>
        PostAsync("/api/webhooks/github", Payload("github-push.json", ("ref", reference), ("after", commit), ("head_commit.id", commit)),
            GitHubHeaders("push", delivery ?? Guid.NewGuid().ToString()), sign: GitHubSignature);

    public static Dictionary<string, string> GitHubHeaders(string eventName, string? delivery) => new()
    {
        ["X-GitHub-Event"] = eventName,
        ["X-GitHub-Hook-ID"] = "109948940",
        ["X-GitHub-Hook-Installation-Target-Type"] = "repository",
        ["User-Agent"] = "GitHub-Hookshot/7f3d0a1",
        ["X-GitHub-Delivery"] = delivery ?? "",
    };

    /// <summary><c>X-Hub-Signature-256</c> of the body under GitHub's secret.</summary>
    public static (string Header, string Value) GitHubSignature(byte[] body) =>
        ("X-Hub-Signature-256", "sha256=" + Hex(GitHubSecret, body));

    public static (string Header, string Value) GiteaSignature(byte[] body) =>
        ("X-Gitea-Signature", Hex(GiteaSecret, body));

    public static string Hex(string secret, byte[] body) => Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>POSTs a webhook; <paramref name="sign"/> adds a signature header computed over the exact body sent.</summary>
    public async Task<Answer> PostAsync(
        string path, byte[] body, IReadOnlyDictionary<string, string> headers, Func<byte[], (string, string)>? sign = null,
        string contentType = "application/json", bool chunked = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        HttpContent content = chunked ? new StreamContent(new MemoryStream(body)) : new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Content = content;
        foreach (var (name, value) in headers.Where(h => h.Value.Length > 0))
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (sign?.Invoke(body) is var (header, signature))
        {
            request.Headers.TryAddWithoutValidation(header, signature);
        }

        using var cts = new CancellationTokenSource(BuilderScenario.StepTimeout);
        using var response = await Builder.Http.SendAsync(request, cts.Token);
        var text = await response.Content.ReadAsStringAsync(cts.Token);
        return new Answer(response.StatusCode, text);
    }

    public async ValueTask DisposeAsync()
    {
        if (started is not null)
        {
            await started.DisposeAsync();
        }

        await Builder.DisposeAsync();
        remoteFolder.Dispose();
    }

    public static async Task Git(string[] args)
    {
        var (exitCode, output) = await ChildProcess.RunAsync("git", args, TimeSpan.FromSeconds(30));
        Assert.True(exitCode == 0, $"expected git {string.Join(' ', args)} to succeed, it exited {exitCode}: {output}");
    }

    /// <summary>The builder's answer: its status and body (a problem's <c>detail</c>, or <c>outcome</c> and <c>reason</c>).</summary>
    public sealed record Answer(HttpStatusCode Status, string Body)
    {
        public string? Field(string name) =>
            Body.Length > 0 && JsonDocument.Parse(Body).RootElement is { ValueKind: JsonValueKind.Object } root && root.TryGetProperty(name, out var value)
                ? value.ToString()
                : null;

        public override string ToString() => $"{(int)Status} {Body}";
    }
}
