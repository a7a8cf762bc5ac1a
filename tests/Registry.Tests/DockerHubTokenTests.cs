using Platform.Registry;
using Platform.Testing;

namespace Platform.Registry.Tests;

/// <summary>
/// Docker Hub's bearer-token flow, against a fake of Docker Hub (the real one cannot be reached here): a 401
/// challenge names the token service, the token is fetched anonymously or with credentials, and reused.
/// </summary>
public sealed class DockerHubTokenTests : IAsyncLifetime
{
    private const string Digest = "sha256:2222222222222222222222222222222222222222222222222222222222222222";
    private FakeDockerHub hub = null!;

    public async Task InitializeAsync()
    {
        hub = await FakeDockerHub.StartAsync();
        hub.Set("library/python", "3.12-slim", Digest);
    }

    [Fact]
    public async Task An_anonymous_bearer_challenge_is_answered_with_a_token_from_the_realm_which_later_requests_reuse()
    {
        using var services = new RegistryServices(new Uri("http://127.0.0.1:1/"));
        var uri = new Uri($"http://{hub.Host}/");

        Assert.Equal(Digest, await services.Client.GetDigestAsync(uri, "library/python", "3.12-slim", CancellationToken.None));
        Assert.Equal(Digest, await services.Client.GetDigestAsync(uri, "library/python", "3.12-slim", CancellationToken.None));

        Assert.Equal(1, hub.TokensIssued);
        Assert.Equal(
            ["HEAD /v2/library/python/manifests/3.12-slim", "GET /token?service=registry.docker.io&scope=repository%3Alibrary%2Fpython%3Apull",
             "HEAD /v2/library/python/manifests/3.12-slim Bearer", "HEAD /v2/library/python/manifests/3.12-slim Bearer"],
            hub.Server.Requests);
    }

    [Fact]
    public async Task The_token_service_gets_the_configured_credentials_and_an_error_never_shows_them()
    {
        hub.Credentials = ("alice", "correct-horse");
        var uri = new Uri($"http://{hub.Host}/");
        using var right = new RegistryServices(new Uri("http://127.0.0.1:1/"), new() { ["Registries:0:Host"] = hub.Host, ["Registries:0:Username"] = "alice", ["Registries:0:Password"] = "correct-horse" });
        using var wrong = new RegistryServices(new Uri("http://127.0.0.1:1/"), new() { ["Registries:0:Host"] = hub.Host, ["Registries:0:Username"] = "alice", ["Registries:0:Password"] = "battery-staple" });

        Assert.Equal(Digest, await right.Client.GetDigestAsync(uri, "library/python", "3.12-slim", CancellationToken.None));
        var error = await Assert.ThrowsAsync<RegistryException>(() => wrong.Client.GetDigestAsync(uri, "library/python", "3.12-slim", CancellationToken.None));

        Assert.Contains($"registry {hub.Host} (library/python): its token service {hub.Host} answered 401", error.Message);
        Assert.Contains("credentials missing or wrong", error.Message);
        Assert.DoesNotContain("battery-staple", error.ToString());
        Assert.DoesNotContain("alice", error.ToString());
    }

    [Fact]
    public async Task Docker_hub_images_are_read_from_the_configured_mirror()
    {
        using var services = new RegistryServices(new Uri("http://127.0.0.1:1/"), new() { ["Registries:0:Host"] = "docker.io", ["Registries:0:Mirror"] = $"http://{hub.Host}" });
        var endpoint = services.Get<RegistryEndpoints>().Resolve(ImageReference.Parse("python:3.12-slim").Registry);

        Assert.Equal(hub.Host, endpoint.Host);
        Assert.Equal(Digest, await services.Client.GetDigestAsync(endpoint.BaseUri, "library/python", "3.12-slim", CancellationToken.None));
    }

    public async Task DisposeAsync() => await hub.DisposeAsync();
}
