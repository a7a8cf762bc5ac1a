using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Platform.Registry;
using Platform.Testing;

namespace Platform.Registry.Tests;

/// <summary>
/// The bad-input corpus of registry answers, played by a scripted local registry (a real one cannot be made to
/// misbehave): wrong digests, garbage and huge tag lists, a body sent too slowly, 503 and 429 storms, a redirect
/// loop. Each is a RegistryException that names the registry and the image, within a bounded time.
/// </summary>
public sealed class BadRegistryAnswerTests : IAsyncLifetime
{
    private ScriptedRegistry registry = null!;

    public async Task InitializeAsync() => registry = await ScriptedRegistry.StartAsync();

    public async Task DisposeAsync() => await registry.DisposeAsync();

    [Theory]
    [InlineData("sha256:zz")]
    [InlineData("sha256:111111111111111111111111111111111111111111111111111111111111111")]
    [InlineData("sha256:11111111111111111111111111111111111111111111111111111111111111111")]
    [InlineData("sha512:1111111111111111111111111111111111111111111111111111111111111111")]
    [InlineData("latest")]
    public async Task A_digest_header_that_is_not_a_digest_is_refused_with_what_the_registry_sent(string digest)
    {
        registry.Answer = context =>
        {
            context.Response.ContentType = ManifestMediaTypes.OciManifest;
            context.Response.Headers["Docker-Content-Digest"] = digest;
            return Task.CompletedTask;
        };
        using var services = Services();

        var error = await Assert.ThrowsAsync<RegistryException>(() => services.Client.GetDigestAsync(registry.BaseUri, "team/app", "latest", CancellationToken.None));

        Assert.Equal(
            $"registry {registry.Host} answered HEAD team/app:latest with a Docker-Content-Digest that is not a digest: '{digest}' (algorithm:hex, sha256 with 64 hex digits)",
            error.Message);
    }

    [Theory]
    [InlineData("{\"name\":\"team/app\",\"tags\":[1,2,3]}", "answered an unreadable tag list for team/app")]
    [InlineData("[\"v1\"]", "answered an unreadable tag list for team/app: the document is not an object")]
    [InlineData("", "answered an unreadable tag list for team/app")]
    public async Task A_tag_list_of_the_wrong_shape_is_unreadable(string body, string message)
    {
        registry.Answer = async context =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(body);
        };
        using var services = Services();

        var error = await Assert.ThrowsAsync<RegistryException>(() => services.Client.ListTagsAsync(registry.BaseUri, "team/app", CancellationToken.None));

        Assert.Contains($"registry {registry.Host} {message}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_tag_list_page_over_16_MiB_is_refused_by_its_declared_length_or_as_it_is_read(bool declared)
    {
        var sent = 0L;
        registry.Answer = async context =>
        {
            context.Response.ContentType = "application/json";
            if (declared)
            {
                context.Response.ContentLength = 1L << 32;
            }

            await context.Response.WriteAsync("{\"name\":\"team/app\",\"tags\":[", context.RequestAborted);
            var tags = System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("\"a-tag-of-some-length\",", 10_000)));
            while (!context.RequestAborted.IsCancellationRequested && sent < 64L * 1024 * 1024)
            {
                await context.Response.Body.WriteAsync(tags, context.RequestAborted);
                sent += tags.Length;
            }
        };
        using var services = Services();

        var error = await Assert.ThrowsAsync<RegistryException>(() => services.Client.ListTagsAsync(registry.BaseUri, "team/app", CancellationToken.None));

        // Without the limit the client would read all 64 MiB and find the list never closed: "unreadable", not "larger".
        Assert.Equal($"registry {registry.Host} answered a page of the tag list of team/app larger than 16 MiB", error.Message);
    }

    [Fact]
    public async Task A_tag_list_sent_too_slowly_is_an_error_after_the_clients_time()
    {
        registry.Answer = async context =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("{\"name\":\"team/app\",\"tags\":[", context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
        };
        using var services = Services(new() { ["RegistryClient:RequestTimeout"] = "00:00:00.200", ["RegistryClient:MaxRetries"] = "0", ["RegistryClient:MaxRetryWait"] = "00:00:00" });

        var watch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<RegistryException>(() => services.Client.ListTagsAsync(registry.BaseUri, "team/app", CancellationToken.None));

        Assert.StartsWith($"registry {registry.Host} did not send the tag list of team/app within ", error.Message, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"gave up after {watch.Elapsed.TotalSeconds:F1} s");
    }

    [Theory]
    [InlineData(503, null)]
    [InlineData(502, null)]
    [InlineData(429, "0")]
    public async Task A_storm_of_transient_answers_ends_in_an_error_after_the_retries_naming_the_registry_and_image(int status, string? retryAfter)
    {
        registry.Answer = context =>
        {
            context.Response.StatusCode = status;
            if (retryAfter is not null)
            {
                context.Response.Headers.RetryAfter = retryAfter;
            }

            return Task.CompletedTask;
        };
        using var services = Services(new() { ["RegistryClient:MaxRetries"] = "3" });

        var watch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<RegistryException>(() => services.Client.GetDigestAsync(registry.BaseUri, "team/app", "v1", CancellationToken.None));

        Assert.Contains($"registry {registry.Host}", error.Message, StringComparison.Ordinal);
        Assert.Contains("team/app:v1", error.Message, StringComparison.Ordinal);
        Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        Assert.Equal(4, registry.Count("HEAD"));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"the retries took {watch.Elapsed.TotalSeconds:F1} s");
    }

    [Fact]
    public async Task A_redirect_loop_is_an_error_naming_the_registry_and_image()
    {
        registry.Answer = context =>
        {
            context.Response.StatusCode = StatusCodes.Status307TemporaryRedirect;
            context.Response.Headers.Location = context.Request.Path.Value;
            return Task.CompletedTask;
        };
        using var services = Services();

        var error = await Assert.ThrowsAsync<RegistryException>(() => services.Client.GetDigestAsync(registry.BaseUri, "team/app", "v1", CancellationToken.None));

        Assert.Contains($"registry {registry.Host}", error.Message, StringComparison.Ordinal);
        Assert.Contains("team/app:v1", error.Message, StringComparison.Ordinal);
        Assert.True(registry.Count("HEAD") <= 60, $"{registry.Count("HEAD")} requests for one HEAD");
    }

    private RegistryServices Services(Dictionary<string, string?>? settings = null) => new(registry.BaseUri, settings);
}
