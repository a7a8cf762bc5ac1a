using System.Text.Json;
using Platform.Testing;

namespace Platform.Builder.Tests.Service;

/// <summary>Images for linux/amd64 and linux/arm64 (under QEMU) through the real builder, engine and registry.</summary>
[Collection(BuilderServiceCollection.Name)]
public sealed class MultiPlatformTests(BuilderInfrastructure infrastructure)
{
    private const string BothPlatforms = "[linux/amd64, linux/arm64]";
    private const string FromRootPerPlatform = "ARG ROOT_IMAGE\nFROM ${ROOT_IMAGE}\n";

    [Fact]
    public async Task A_two_platform_image_is_one_index_listing_both_and_its_arm64_variant_runs_as_aarch64()
    {
        await using var scenario = await BuilderScenario.CreateAsync(infrastructure);
        scenario.WriteImage("uname", FromRootPerPlatform + "RUN uname -m > /built-on\n", BothPlatforms);
        var commit = await scenario.Repository.CommitAllAsync("an image for two platforms");
        await scenario.StartBuilderAsync();
        var digest = await scenario.WaitForPushAsync(scenario.Image("uname"), commit);

        var index = await scenario.ManifestAsync(scenario.Image("uname"), "latest");
        Assert.Equal("application/vnd.oci.image.index.v1+json", index.GetProperty("mediaType").GetString());
        var platforms = index.GetProperty("manifests").EnumerateArray()
            .Select(m => $"{m.GetProperty("platform").GetProperty("os").GetString()}/{m.GetProperty("platform").GetProperty("architecture").GetString()}")
            .Order().ToList();
        Assert.Equal(["linux/amd64", "linux/arm64"], platforms);
        var pushed = Assert.Single(scenario.PushesOf(scenario.Image("uname")));
        Assert.Equal(2, pushed.GetProperty("platforms").GetArrayLength());

        var reference = $"{scenario.Registry.Host}/{scenario.Image("uname")}@{digest}";
        try
        {
            var (pulled, pullOutput) = await ChildProcess.RunAsync("docker", ["pull", "--platform", "linux/arm64", reference], TimeSpan.FromSeconds(120));
            Assert.True(pulled == 0, scenario.Failure($"docker pull --platform linux/arm64 {reference} failed: {pullOutput}"));
            var (ran, output) = await ChildProcess.RunAsync("docker", ["run", "--rm", "--platform", "linux/arm64", reference, "sh", "-c", "uname -m; cat /built-on"], TimeSpan.FromSeconds(120));
            Assert.True(ran == 0, scenario.Failure($"running the arm64 variant failed: {output}"));
            Assert.Equal(["aarch64", "aarch64"], output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(2));
        }
        finally
        {
            await ChildProcess.RunAsync("docker", ["rmi", "-f", reference], TimeSpan.FromSeconds(60));
        }
    }

    [Fact]
    public async Task The_index_and_every_manifest_in_it_are_of_the_oci_family_and_docker_and_skopeo_read_them()
    {
        await using var scenario = await BuilderScenario.CreateAsync(infrastructure);
        scenario.WriteImage("family", FromRootPerPlatform + "COPY hello.txt /\n", BothPlatforms, ("hello.txt", "hello\n"));
        var commit = await scenario.Repository.CommitAllAsync("an image whose media types are checked");
        await scenario.StartBuilderAsync();
        var digest = await scenario.WaitForPushAsync(scenario.Image("family"), commit);

        var index = await scenario.ManifestAsync(scenario.Image("family"), "latest");
        Assert.Equal("application/vnd.oci.image.index.v1+json", index.GetProperty("mediaType").GetString());
        foreach (var entry in index.GetProperty("manifests").EnumerateArray())
        {
            Assert.Equal("application/vnd.oci.image.manifest.v1+json", entry.GetProperty("mediaType").GetString());
            var manifest = await scenario.ManifestAsync(scenario.Image("family"), entry.GetProperty("digest").GetString()!);
            Assert.Equal("application/vnd.oci.image.manifest.v1+json", manifest.GetProperty("mediaType").GetString());
            Assert.Equal("application/vnd.oci.image.config.v1+json", manifest.GetProperty("config").GetProperty("mediaType").GetString());
            Assert.All(manifest.GetProperty("layers").EnumerateArray(),
                layer => Assert.Equal("application/vnd.oci.image.layer.v1.tar+gzip", layer.GetProperty("mediaType").GetString()));
        }

        var reference = $"{scenario.Registry.Host}/{scenario.Image("family")}:latest";
        var (inspected, inspection) = await ChildProcess.RunAsync("docker", ["manifest", "inspect", "--insecure", reference], TimeSpan.FromSeconds(60));
        Assert.True(inspected == 0 && inspection.Contains("arm64", StringComparison.Ordinal), scenario.Failure($"docker manifest inspect {reference}: {inspection}"));
        var (copied, skopeo) = await ChildProcess.RunAsync("skopeo",
            ["inspect", "--tls-verify=false", "--override-arch", "arm64", "--override-os", "linux", $"docker://{reference}"], TimeSpan.FromSeconds(60));
        Assert.True(copied == 0 && skopeo.Contains("\"Architecture\": \"arm64\"", StringComparison.Ordinal),
            scenario.Failure($"skopeo inspect of the arm64 variant of {reference}: {skopeo}"));
        var (raw, rawOutput) = await ChildProcess.RunAsync("skopeo", ["inspect", "--tls-verify=false", "--raw", $"docker://{reference}"], TimeSpan.FromSeconds(60));
        Assert.True(raw == 0 && Platform.Registry.RegistryClient.DigestOf(System.Text.Encoding.UTF8.GetBytes(rawOutput.TrimEnd('\n'))) == digest,
            scenario.Failure($"skopeo inspect --raw {reference} should give the bytes of {digest}: {rawOutput}"));
    }

    [Fact]
    public async Task A_base_without_arm64_fails_verification_naming_the_base_and_pushes_nothing()
    {
        await using var scenario = await BuilderScenario.CreateAsync(infrastructure);
        // platform/root:busybox-amd64 exists for amd64 only: the engine would build amd64 twice without a word.
        scenario.WriteImage("amd64-only", "FROM platform/root:busybox-amd64\nCOPY hello.txt /\n", BothPlatforms, ("hello.txt", "hello\n"));
        var commit = await scenario.Repository.CommitAllAsync("an image whose base has no arm64");
        await scenario.StartBuilderAsync();

        var failure = await scenario.WaitForFailureAsync(scenario.Image("amd64-only"), commit);
        Assert.Equal("verify", failure.GetProperty("stage").GetString());
        Assert.Equal("linux/arm64", failure.GetProperty("platform").GetString());
        var error = failure.GetProperty("error").GetString()!;
        Assert.True(error.Contains("platform/root:busybox-amd64", StringComparison.Ordinal) && error.Contains("linux/arm64", StringComparison.Ordinal),
            scenario.Failure($"expected the error to name the base and the platform, saw: {error}"));
        Assert.Null(await scenario.RegistryDigestAsync(scenario.Image("amd64-only"), "latest"));
    }

    [Fact]
    public async Task An_image_whose_test_fails_on_one_platform_pushes_nothing_and_says_which_test_and_platform()
    {
        await using var scenario = await BuilderScenario.CreateAsync(infrastructure);
        scenario.WriteImage("tested", FromRootPerPlatform + "COPY check.sh /check.sh\n", BothPlatforms,
            ("check.sh", "#!/bin/sh\n[ \"$(uname -m)\" = x86_64 ] || { echo \"not on $(uname -m)\"; exit 4; }\n"));
        scenario.Repository.WriteFile("images/tested/image.yaml",
            $"name: {scenario.Image("tested")}\nplatforms: {BothPlatforms}\ntests:\n  - name: runs on x86_64 only\n    run: sh /check.sh\n    timeout: 60s\n");
        var commit = await scenario.Repository.CommitAllAsync("an image whose test fails on arm64");
        await scenario.StartBuilderAsync();

        var failure = await scenario.WaitForFailureAsync(scenario.Image("tested"), commit);
        Assert.Equal("test", failure.GetProperty("stage").GetString());
        Assert.Equal("linux/arm64", failure.GetProperty("platform").GetString());
        Assert.Contains("'runs on x86_64 only' exited with code 4", failure.GetProperty("error").GetString());
        Assert.Contains(failure.GetProperty("logTail").EnumerateArray(), line => line.GetString() == "not on aarch64");
        Assert.Null(await scenario.RegistryDigestAsync(scenario.Image("tested"), "latest"));
        Assert.Empty(await scenario.StagingTagsAsync(scenario.Image("tested")));
    }

    [Fact]
    public async Task A_version_file_and_spec_tags_are_pushed_as_tags_of_the_same_index()
    {
        await using var scenario = await BuilderScenario.CreateAsync(infrastructure);
        scenario.WriteImage("versioned", FromRootPerPlatform + "COPY VERSION /\n", "[linux/amd64]", ("VERSION", "1.4.2\n"));
        scenario.Repository.WriteFile("images/versioned/image.yaml", $"name: {scenario.Image("versioned")}\nplatforms: [linux/amd64]\ntags: [stable]\n");
        var commit = await scenario.Repository.CommitAllAsync("a versioned image");
        await scenario.StartBuilderAsync();
        var digest = await scenario.WaitForPushAsync(scenario.Image("versioned"), commit);

        foreach (var tag in new[] { "latest", $"sha-{commit[..7]}", "1.4.2", "stable" })
        {
            Assert.Equal(digest, await scenario.RegistryDigestAsync(scenario.Image("versioned"), tag));
        }

        var pushed = Assert.Single(scenario.PushesOf(scenario.Image("versioned")));
        Assert.Equal(4, pushed.GetProperty("tags").GetArrayLength());
    }
}
