using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Platform.Registry;
using Platform.Testing;

namespace Platform.Registry.Tests;

/// <summary>
/// The registry client's pipeline against registries that misbehave, played by a scripted local HTTP server
/// (the real registry here cannot be made to): each failure is a RegistryException that names the registry
/// and the image; nothing crashes.
/// </summary>
public sealed class MisbehavingRegistryTests : IAsyncLifetime
{
    private const string Digest = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
    private ScriptedRegistry registry = null!;

    public async Task InitializeAsync() => registry = await ScriptedRegistry.StartAsync();

    [Fact]
    public async Task A_429_is_sent_again_after_its_Retry_After()
    {
        var calls = 0;
        registry.Answer = context => Interlocked.Increment(ref calls) == 1 ? TooManyRequests(context, "1") : Manifest(context);
        using var services = Services();

        var watch = Stopwatch.StartNew();
        var digest = await services.Client.GetDigestAsync(registry.BaseUri, "team/app", "latest", CancellationToken.None);

        Assert.Equal(Digest, digest);
        Assert.Equal(2, registry.Count("HEAD"));
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(0.9), $"the retry came after {watch.Elapsed.TotalSeconds:F2} s, before the Retry-After of 1 s");
    }

    [Fact]
    public async Task A_429_that_asks_for_longer_than_the_client_waits_fails_at_once_and_pauses_that_registry()
    {
        registry.Answer = context => TooManyRequests(context, "3600");
        using var services = Services();

        var first = await Assert.ThrowsAsync<RegistryException>(() => services.Client.GetDigestAsync(registry.BaseUri, "team/app", "latest", CancellationToken.None));
        var second = await Assert.ThrowsAsync<RegistryException>(() => services.Client.GetDigestAsync(registry.BaseUri, "team/other", "v1", CancellationToken.None));

        Assert.Contains("429", first.Message);
        Assert.Contains(registry.Host, first.Message);
        Assert.Contains("team/app:latest", first.Message);
        Assert.Contains("rate limited", second.Message);
        Assert.Contains("team/other:v1", second.Message);
        Assert.Equal(1, registry.Count("HEAD"));
    }

    [Fact]
    public async Task A_503_is_retried_with_backoff_until_it_answers()
    {
        var calls = 0;
        registry.Answer = context =>
        {
            if (Interlocked.Increment(ref calls) <= 2)
            {
                context.Response.StatusCode = 503;
                return Task.CompletedTask;
            }

            return Manifest(context);
        };
        using var services = Services();

        Assert.Equal(Digest, await services.Client.GetDigestAsync(registry.BaseUri, "team/app", "latest", CancellationToken.None));
        Assert.Equal(3, registry.Count("HEAD"));
    }

    [Fact]
    public async Task A_500_is_an_error_at_once_that_says_what_the_registry_answered()
    {
        registry.Answer = context =>
        {
            context.Response.StatusCode = 500;
            return Task.CompletedTask;
        };
        using var services = Services();

        var error = await Assert.ThrowsAsync<RegistryException>(() => services.Client.GetDigestAsync(registry.BaseUri, "team/app", "latest", CancellationToken.None));

        Assert.Contains($"registry {registry.Host} answered 500", error.Message);
        Assert.Contains("team/app:latest", error.Message);
        Assert.Equal(1, registry.Count("HEAD"));
    }

    [Fact]
    public async Task A_garbage_tag_list_is_an_error_naming_the_registry_and_repository()
    {
        registry.Answer = async context =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("{\"name\": \"team/app\", \"tags\": [\"v1\", ");
        };
        using var services = Services();

        var error = await Assert.ThrowsAsync<RegistryException>(() => services.Client.ListTagsAsync(registry.BaseUri, "team/app", CancellationToken.None));

        Assert.Contains($"registry {registry.Host} answered an unreadable tag list for team/app", error.Message);
    }

    [Fact]
    public async Task Wrong_content_types_are_errors_for_a_tag_list_and_for_a_manifest()
    {
        registry.Answer = async context =>
        {
            context.Response.ContentType = "text/html";
            context.Response.Headers["Docker-Content-Digest"] = Digest;
            await context.Response.WriteAsync("<html>Sign in to continue</html>");
        };
        using var services = Services();

        var list = await Assert.ThrowsAsync<RegistryException>(() => services.Client.ListTagsAsync(registry.BaseUri, "team/app", CancellationToken.None));
        var head = await Assert.ThrowsAsync<RegistryException>(() => services.Client.GetDigestAsync(registry.BaseUri, "team/app", "latest", CancellationToken.None));

        Assert.Contains("the tag list of team/app with text/html, not JSON", list.Message);
        Assert.Contains("team/app:latest with content type text/html", head.Message);
        Assert.Contains(registry.Host, head.Message);
    }

    [Fact]
    public async Task A_slow_registry_is_an_error_after_the_request_timeout()
    {
        registry.Answer = async context =>
        {
            await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted);
            await Manifest(context);
        };
        using var services = Services(new() { ["RegistryClient:RequestTimeout"] = "00:00:00.500" });

        var watch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<RegistryException>(() => services.Client.GetDigestAsync(registry.BaseUri, "team/app", "latest", CancellationToken.None));

        Assert.Contains($"registry {registry.Host} did not answer in time for team/app:latest", error.Message);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"the timeout took {watch.Elapsed.TotalSeconds:F1} s");
    }

    [Fact]
    public async Task A_spent_rate_limit_budget_holds_the_next_request_back_until_the_reset()
    {
        registry.Answer = context =>
        {
            context.Response.Headers["RateLimit-Remaining"] = "0;w=21600";
            context.Response.Headers["RateLimit-Reset"] = "3600";
            return Manifest(context);
        };
        using var services = Services();

        Assert.Equal(Digest, await services.Client.GetDigestAsync(registry.BaseUri, "team/app", "latest", CancellationToken.None));
        var error = await Assert.ThrowsAsync<RegistryException>(() => services.Client.GetDigestAsync(registry.BaseUri, "team/app", "latest", CancellationToken.None));

        Assert.Contains("rate limited", error.Message);
        Assert.Equal(1, registry.Count("HEAD"));
    }

    [Fact]
    public async Task Requests_in_flight_to_one_registry_stay_within_its_limit()
    {
        registry.Answer = async context =>
        {
            await Task.Delay(150);
            await Manifest(context);
        };
        using var services = Services(new() { ["Registries:0:Host"] = registry.Host, ["Registries:0:MaxConcurrentRequests"] = "2" });

        var digests = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            services.Client.GetDigestAsync(registry.BaseUri, "team/app", $"v{i}", CancellationToken.None)));

        Assert.All(digests, d => Assert.Equal(Digest, d));
        Assert.Equal(2, registry.MaxInFlight);
    }

    [Fact]
    public async Task A_basic_challenge_is_answered_with_the_configured_credentials()
    {
        registry.Answer = context =>
        {
            if (context.Request.Headers.Authorization.ToString() != "Basic " + Convert.ToBase64String("ci:pass-w0rd"u8.ToArray()))
            {
                context.Response.StatusCode = 401;
                context.Response.Headers.WWWAuthenticate = "Basic realm=\"registry\"";
                return Task.CompletedTask;
            }

            return Manifest(context);
        };
        using var anonymous = Services();
        using var authenticated = Services(new() { ["Registries:0:Host"] = registry.Host, ["Registries:0:Username"] = "ci", ["Registries:0:Password"] = "pass-w0rd" });

        var refused = await Assert.ThrowsAsync<RegistryException>(() => anonymous.Client.GetDigestAsync(registry.BaseUri, "team/app", "latest", CancellationToken.None));
        Assert.Contains("answered 401", refused.Message);
        Assert.Equal(Digest, await authenticated.Client.GetDigestAsync(registry.BaseUri, "team/app", "latest", CancellationToken.None));
        Assert.Equal(Digest, await authenticated.Client.GetDigestAsync(registry.BaseUri, "team/app", "v2", CancellationToken.None));

        // After the first challenge the credentials go with every request: no 401 round trip per HEAD.
        Assert.Equal(["HEAD /v2/team/app/manifests/latest", "HEAD /v2/team/app/manifests/latest", "HEAD /v2/team/app/manifests/latest Basic", "HEAD /v2/team/app/manifests/v2 Basic"],
            registry.Requests);
    }

    [Fact]
    public async Task A_registry_that_fails_every_request_is_left_alone_for_a_while_and_another_registry_is_still_asked()
    {
        registry.Answer = context =>
        {
            context.Response.StatusCode = 503;
            return Task.CompletedTask;
        };
        await using var healthy = await ScriptedRegistry.StartAsync();
        healthy.Answer = Manifest;
        using var services = Services(new() { ["RegistryClient:MaxRetries"] = "1", ["RegistryClient:BackoffBase"] = "00:00:00.010" });

        // Each call is two attempts: five calls make the ten failures that open the failing registry's circuit.
        for (var i = 0; i < 5; i++)
        {
            var failed = await Assert.ThrowsAsync<RegistryException>(() => services.Client.GetDigestAsync(registry.BaseUri, "team/app", "latest", CancellationToken.None));
            Assert.Contains("503", failed.Message);
        }

        var sent = registry.Count("HEAD");
        var watch = Stopwatch.StartNew();
        var paused = await Assert.ThrowsAsync<RegistryException>(() => services.Client.GetDigestAsync(registry.BaseUri, "team/app", "latest", CancellationToken.None));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"a call to a registry left alone took {watch.Elapsed.TotalSeconds:F2} s");
        Assert.Equal(sent, registry.Count("HEAD"));
        Assert.Contains($"registry {registry.Host} failed every request lately", paused.Message);
        Assert.Contains("team/app:latest", paused.Message);
        Assert.Equal(Digest, await services.Client.GetDigestAsync(healthy.BaseUri, "team/app", "latest", CancellationToken.None));
        Assert.Equal(10, sent);
    }

    [Fact]
    public async Task Plain_http_is_refused_for_a_registry_off_loopback_unless_it_is_configured_insecure()
    {
        using var strict = Services();
        using var insecure = Services(new() { ["Registries:0:Host"] = "registry.invalid", ["Registries:0:Insecure"] = "true" });
        var remote = new Uri("http://registry.invalid/");

        var refused = await Assert.ThrowsAsync<RegistryException>(() => strict.Client.GetDigestAsync(remote, "team/app", "latest", CancellationToken.None));
        var tried = await Assert.ThrowsAsync<RegistryException>(() => insecure.Client.GetDigestAsync(remote, "team/app", "latest", CancellationToken.None));

        Assert.Contains("plain http is refused", refused.Message);
        Assert.Contains("team/app:latest", refused.Message);
        Assert.Contains("could not be reached", tried.Message);
        Assert.Equal(new Uri("https://ghcr.io/"), strict.Get<RegistryEndpoints>().Resolve("ghcr.io").BaseUri);
        Assert.Equal(new Uri("http://127.0.0.1:5001/"), strict.Get<RegistryEndpoints>().Resolve("127.0.0.1:5001").BaseUri);
        Assert.Equal(new Uri("http://registry.invalid/"), insecure.Get<RegistryEndpoints>().Resolve("registry.invalid").BaseUri);
    }

    [Fact]
    public async Task Tags_are_listed_page_by_page_following_the_link_header()
    {
        registry.Answer = async context =>
        {
            var last = context.Request.Query["last"].ToString();
            string[] page = last switch { "" => ["a", "b"], "b" => ["c", "d"], _ => ["e"] };
            if (page[^1] != "e")
            {
                // One page with a relative link, one with an absolute one, as registries differ.
                context.Response.Headers.Link = last == ""
                    ? $"</v2/team/app/tags/list?n=2&last={page[^1]}>; rel=\"next\""
                    : $"<{registry.BaseUri}v2/team/app/tags/list?n=2&last={page[^1]}>; rel=\"next\"";
            }

            context.Response.ContentType = "application/json; charset=utf-8";
            await context.Response.WriteAsync($"{{\"name\":\"team/app\",\"tags\":[{string.Join(',', page.Select(t => $"\"{t}\""))}]}}");
        };
        using var services = Services();

        var tags = await services.Client.ListTagsAsync(registry.BaseUri, "team/app", CancellationToken.None, pageSize: 2);

        Assert.Equal(["a", "b", "c", "d", "e"], tags);
        Assert.Equal(["GET /v2/team/app/tags/list?n=2", "GET /v2/team/app/tags/list?n=2&last=b", "GET /v2/team/app/tags/list?n=2&last=d"], registry.Requests);
    }

    [Fact]
    public void Registry_settings_with_a_user_and_no_password_fail_at_start_with_the_key_named()
    {
        using var services = Services(new() { ["Registries:0:Host"] = "ghcr.io", ["Registries:0:Username"] = "ci" });

        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => services.Get<Microsoft.Extensions.Options.IOptions<RegistryOptions>>().Value);

        Assert.Contains("Registries:0:Password", error.Message);
    }

    public async Task DisposeAsync() => await registry.DisposeAsync();

    private RegistryServices Services(Dictionary<string, string?>? settings = null) => new(registry.BaseUri, settings);

    private static Task Manifest(HttpContext context)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = ManifestMediaTypes.OciManifest;
        context.Response.Headers["Docker-Content-Digest"] = Digest;
        return Task.CompletedTask;
    }

    private static Task TooManyRequests(HttpContext context, string retryAfter)
    {
        context.Response.StatusCode = 429;
        context.Response.Headers.RetryAfter = retryAfter;
        return Task.CompletedTask;
    }
}
