using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Platform.Registry;
using Platform.Testing;

namespace Platform.Registry.Tests;

/// <summary>The HEAD-based digest lookup against a real CNCF distribution registry and against a registry that misbehaves.</summary>
public sealed class RegistryClientTests : IAsyncLifetime
{
    private readonly RegistryServer registry = new();
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public Task InitializeAsync() => registry.StartAsync();

    [Fact]
    public async Task The_digest_of_a_pushed_tag_is_the_one_docker_push_reported()
    {
        var pushed = await PushRootImageAsync("watch/busybox", "v1");

        var digest = await new RegistryClient(http).GetDigestAsync(registry.BaseUri, "watch/busybox", "v1", CancellationToken.None);

        Assert.Equal(pushed, digest);
    }

    [Fact]
    public async Task An_unknown_tag_or_repository_has_no_digest()
    {
        await PushRootImageAsync("watch/known", "v1");
        var client = new RegistryClient(http);

        Assert.Null(await client.GetDigestAsync(registry.BaseUri, "watch/known", "v2", CancellationToken.None));
        Assert.Null(await client.GetDigestAsync(registry.BaseUri, "watch/unknown", "v1", CancellationToken.None));
    }

    [Fact]
    public async Task The_digest_of_an_index_tag_is_the_digest_of_the_index()
    {
        var manifest = await PushRootImageAsync("watch/multi", "amd64");
        var size = await ManifestSizeAsync("watch/multi", manifest);
        var index = Encoding.UTF8.GetBytes($$$"""
            {"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[
            {"mediaType":"application/vnd.docker.distribution.manifest.v2+json","digest":"{{{manifest}}}","size":{{{size}}},"platform":{"architecture":"amd64","os":"linux"}}]}
            """);
        using var put = new HttpRequestMessage(HttpMethod.Put, new Uri(registry.BaseUri, "v2/watch/multi/manifests/latest"))
        {
            Content = new ByteArrayContent(index),
        };
        put.Content.Headers.ContentType = new(ManifestMediaTypes.OciIndex);
        var response = await http.SendAsync(put);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"PUT of the index answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");

        var digest = await new RegistryClient(http).GetDigestAsync(registry.BaseUri, "watch/multi", "latest", CancellationToken.None);

        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(index)), digest);
    }

    [Fact]
    public async Task Tags_of_the_real_registry_are_listed_and_a_re_push_changes_the_digest()
    {
        using var pusher = new OciPusher(registry.BaseUri);
        foreach (var tag in new[] { "v1", "v2", "v3", "v4", "v5" })
        {
            await pusher.PushImageAsync("watch/paged", tag);
        }

        var requests = new List<string>();
        using var services = new RegistryServices(registry.BaseUri, configure: s => s.AddHttpClient<RegistryClient>()
            .AddHttpMessageHandler(() => new RecordingHandler(requests)));
        var before = await services.Client.GetDigestAsync(registry.BaseUri, "watch/paged", "v3", CancellationToken.None);
        var tags = await services.Client.ListTagsAsync(registry.BaseUri, "watch/paged", CancellationToken.None, pageSize: 2);
        var (repushed, _) = await pusher.PushImageAsync("watch/paged", "v3");
        var after = await services.Client.GetDigestAsync(registry.BaseUri, "watch/paged", "v3", CancellationToken.None);

        Assert.Equal(["v1", "v2", "v3", "v4", "v5"], tags.Order());
        // docker-registry 2.8 answers the whole list at once whatever n says (tag pages came with distribution 3);
        // following Link pages is tested against a scripted registry.
        Assert.Equal(1, requests.Count(r => r.StartsWith("GET", StringComparison.Ordinal)));
        Assert.Equal(2, requests.Count(r => r.StartsWith("HEAD", StringComparison.Ordinal)));
        Assert.NotEqual(before, after);
        Assert.Equal(repushed, after);
        Assert.Empty(await services.Client.ListTagsAsync(registry.BaseUri, "watch/never-pushed", CancellationToken.None));
    }

    [Fact]
    public async Task A_registry_that_is_down_gives_an_error_naming_the_registry_and_the_tag()
    {
        var port = FreePort.Next();
        var error = await Assert.ThrowsAsync<RegistryException>(() =>
            new RegistryClient(http).GetDigestAsync(new Uri($"http://127.0.0.1:{port}/"), "watch/busybox", "v1", CancellationToken.None));

        Assert.Contains($"127.0.0.1:{port}", error.Message);
        Assert.Contains("watch/busybox:v1", error.Message);
    }

    [Theory]
    [InlineData(500, null, "answered 500")]
    [InlineData(401, null, "answered 401")]
    [InlineData(200, null, "without a Docker-Content-Digest")]
    [InlineData(200, "not-a-digest", "with a Docker-Content-Digest that is not a digest: 'not-a-digest'")]
    public async Task A_registry_that_misbehaves_gives_an_error_that_says_what_it_answered(int status, string? digestHeader, string expected)
    {
        using var server = new HttpListener();
        var port = FreePort.Next();
        server.Prefixes.Add($"http://127.0.0.1:{port}/");
        server.Start();
        var answering = Task.Run(async () =>
        {
            var context = await server.GetContextAsync();
            context.Response.StatusCode = status;
            if (digestHeader is not null)
            {
                context.Response.Headers["Docker-Content-Digest"] = digestHeader;
            }

            context.Response.Close();
        });

        var error = await Assert.ThrowsAsync<RegistryException>(() =>
            new RegistryClient(http).GetDigestAsync(new Uri($"http://127.0.0.1:{port}/"), "watch/busybox", "v1", CancellationToken.None));
        await answering.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Contains(expected, error.Message);
        Assert.Contains($"127.0.0.1:{port}", error.Message);
    }

    public async Task DisposeAsync()
    {
        await ChildProcess.RunAsync("sh", ["-c", $"docker images --format '{{{{.Repository}}}}:{{{{.Tag}}}}' | grep '^{registry.Host}/' | xargs -r docker rmi -f"], TimeSpan.FromSeconds(60));
        await registry.DisposeAsync();
        http.Dispose();
    }

    private sealed class RecordingHandler(List<string> requests) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (requests)
            {
                requests.Add($"{request.Method} {request.RequestUri}");
            }

            return base.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>Pushes the local root image under a new name with the docker CLI; returns the digest docker reports.</summary>
    private async Task<string> PushRootImageAsync(string repository, string tag)
    {
        var reference = $"{registry.Host}/{repository}:{tag}";
        var (tagged, tagOutput) = await ChildProcess.RunAsync("docker", ["tag", "platform/root:busybox", reference], TimeSpan.FromSeconds(30));
        Assert.True(tagged == 0, $"docker tag failed: {tagOutput}");
        var (exitCode, output) = await ChildProcess.RunAsync("docker", ["push", reference], TimeSpan.FromSeconds(60));
        Assert.True(exitCode == 0, $"docker push {reference} failed: {output}");
        var digest = output.Split(' ', '\n').FirstOrDefault(w => w.StartsWith("sha256:", StringComparison.Ordinal) && w.Length == 71);
        return digest ?? throw new Xunit.Sdk.XunitException($"docker push printed no digest: {output}");
    }

    private async Task<long> ManifestSizeAsync(string repository, string digest)
    {
        using var head = new HttpRequestMessage(HttpMethod.Head, new Uri(registry.BaseUri, $"v2/{repository}/manifests/{digest}"));
        head.Headers.Accept.ParseAdd(ManifestMediaTypes.DockerManifest);
        using var response = await http.SendAsync(head);
        return response.Content.Headers.ContentLength ?? throw new Xunit.Sdk.XunitException("the registry gave no manifest size");
    }
}
