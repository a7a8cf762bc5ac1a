using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Platform.PlatformImages.Tests;

[Collection(PlatformImagesCollection.Name)]
public sealed partial class ImageIndexTests(PlatformImagesFixture fixture)
{
    private const string OciIndex = "application/vnd.oci.image.index.v1+json";
    private const string OciManifest = "application/vnd.oci.image.manifest.v1+json";

    [Fact]
    public void The_images_file_names_every_service_by_the_digest_of_its_index_in_the_registry_it_was_pushed_to()
    {
        using var document = JsonDocument.Parse(fixture.ImagesFileText);
        Assert.Equal(fixture.Tag, document.RootElement.GetProperty("tag").GetString());
        Assert.Equal(PlatformImagesFixture.Services.Order(), fixture.Images.Keys.Order());
        foreach (var (service, reference) in fixture.Images)
        {
            Assert.Matches($"^{Regex.Escape(fixture.Registry.Host)}/platform/{service}@sha256:[0-9a-f]{{64}}$", reference);
        }
    }

    [Theory]
    [InlineData("builder")]
    [InlineData("registry-watcher")]
    [InlineData("deployer")]
    [InlineData("console")]
    public async Task Each_service_is_one_OCI_index_whose_amd64_and_arm64_images_say_their_architecture_in_their_config(string service)
    {
        using var http = new HttpClient { BaseAddress = fixture.Registry.BaseUri, Timeout = TimeSpan.FromSeconds(30) };
        var digest = fixture.Images[service].Split('@')[1];

        // The tag and the file's digest are the same index.
        var (indexBytes, indexType) = await GetAsync(http, $"v2/platform/{service}/manifests/{fixture.Tag}");
        Assert.Equal(OciIndex, indexType);
        Assert.Equal(digest, "sha256:" + Convert.ToHexStringLower(SHA256.HashData(indexBytes)));

        using var index = JsonDocument.Parse(indexBytes);
        var entries = index.RootElement.GetProperty("manifests").EnumerateArray().ToList();
        Assert.Equal(
            PlatformImagesFixture.Architectures.Select(a => $"linux/{a}"),
            entries.Select(e => $"{e.GetProperty("platform").GetProperty("os").GetString()}/{e.GetProperty("platform").GetProperty("architecture").GetString()}"));
        foreach (var entry in entries)
        {
            var architecture = entry.GetProperty("platform").GetProperty("architecture").GetString();
            var (manifestBytes, manifestType) = await GetAsync(http, $"v2/platform/{service}/manifests/{entry.GetProperty("digest").GetString()}");
            Assert.Equal(OciManifest, manifestType);
            Assert.Equal(entry.GetProperty("size").GetInt64(), manifestBytes.Length);
            using var manifest = JsonDocument.Parse(manifestBytes);
            var (configBytes, _) = await GetAsync(http, $"v2/platform/{service}/blobs/{manifest.RootElement.GetProperty("config").GetProperty("digest").GetString()}");
            using var config = JsonDocument.Parse(configBytes);
            Assert.True(
                config.RootElement.GetProperty("architecture").GetString() == architecture && config.RootElement.GetProperty("os").GetString() == "linux",
                $"the {architecture} entry of platform/{service} has a config for {config.RootElement.GetProperty("os")}/{config.RootElement.GetProperty("architecture")}");
            var settings = config.RootElement.GetProperty("config");
            Assert.Equal("10001:10001", settings.GetProperty("User").GetString());
            Assert.Contains("ASPNETCORE_HTTP_PORTS=8080", settings.GetProperty("Env").EnumerateArray().Select(e => e.GetString()));
            Assert.True(settings.GetProperty("ExposedPorts").TryGetProperty("8080/tcp", out _), $"platform/{service} ({architecture}) does not expose 8080/tcp");
            Assert.True(settings.GetProperty("Volumes").TryGetProperty("/var/lib/platform", out _), $"platform/{service} ({architecture}) has no volume /var/lib/platform");
        }
    }

    private static async Task<(byte[] Body, string? MediaType)> GetAsync(HttpClient http, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        foreach (var type in new[] { OciIndex, OciManifest, "application/vnd.docker.distribution.manifest.list.v2+json", "application/vnd.docker.distribution.manifest.v2+json" })
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
        }

        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path} answered {(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body)}");
        return (body, response.Content.Headers.ContentType?.MediaType);
    }
}
