using Platform.Testing;

namespace Platform.Cli.Tests.BadInput;

/// <summary>
/// The bad-input corpus of files for <c>platform export kubernetes</c>: an empty, malformed or misshapen manifest,
/// or a folder that cannot be written, is one message naming the file and the line or property, and exit code 2.
/// </summary>
public sealed class BadManifestTests : IDisposable
{
    private readonly TempDirectory folder = new("bad-manifest");

    [Theory]
    [InlineData("", "manifest.json is empty: run scripts/export-manifest.sh to write it")]
    [InlineData("  \n\t\n", "manifest.json is empty")]
    [InlineData("{\n  \"resources\": {\n    \"builder\": \n", "manifest.json:4: ")]
    [InlineData("{\"resources\": {}} trailing", "manifest.json:1: ")]
    [InlineData("null", "manifest.json: not an Aspire manifest the exporter can read: the manifest is null, not an object")]
    [InlineData("[]", "the manifest is an array, not an object")]
    [InlineData("{}", "resources is missing")]
    [InlineData("{\"resources\": []}", "resources is an array, not an object")]
    [InlineData("{\"resources\": {\"api\": {}}}", "resources.api.type is missing")]
    [InlineData("{\"resources\": {\"api\": 7}}", "resources.api is a number, not an object")]
    [InlineData("{\"resources\": {\"api\": {\"type\": 1}}}", "resources.api.type is a number, not a string")]
    [InlineData("{\"resources\": {\"web\": {\"type\": \"container.v0\"}}}", "resources.web.image is missing")]
    [InlineData("{\"resources\": {\"web\": {\"type\": \"container.v0\", \"image\": \"w\", \"env\": {\"A\": 5}}}}", "resources.web.env.A is a number, not a string")]
    [InlineData("{\"resources\": {\"web\": {\"type\": \"container.v0\", \"image\": \"w\", \"env\": [\"A=1\"]}}}", "resources.web.env is an array, not an object")]
    [InlineData("{\"resources\": {\"web\": {\"type\": \"container.v0\", \"image\": \"w\", \"bindings\": {\"http\": {\"targetPort\": 70000}}}}}",
        "resources.web.bindings.http.targetPort is 70000, not a port from 1 to 65535")]
    [InlineData("{\"resources\": {\"web\": {\"type\": \"container.v0\", \"image\": \"w\", \"env\": {\"DB\": \"{ghost.connectionString}\"}}}}",
        "the expression {ghost.connectionString} names the resource 'ghost', which resources does not have")]
    [InlineData("{\"resources\": {\"loop\": {\"type\": \"value.v0\", \"value\": \"{loop.value}\"}, \"web\": {\"type\": \"container.v0\", \"image\": \"w\", \"env\": {\"A\": \"{loop.value}\"}}}}",
        "more than 16 deep (a loop?)")]
    [InlineData("{\"resources\": {\"web\": {\"type\": \"container.v0\", \"image\": \"w\", \"env\": {\"A\": \"{web.bindings.http.nope}\"}}}}",
        "the manifest expression {web.bindings.http.nope} has no Kubernetes equivalent")]
    [InlineData("{\"resources\": {\"pw\": {\"type\": \"parameter.v0\", \"inputs\": {\"value\": {\"secret\": \"yes\"}}}, \"web\": {\"type\": \"container.v0\", \"image\": \"w\", \"env\": {\"P\": \"{pw.value}\"}}}}",
        "resources.pw.inputs.value.secret is a string, not true or false")]
    public async Task A_manifest_the_exporter_cannot_read_is_one_message_naming_the_file_and_the_place_and_exit_code_2(string manifest, string message)
    {
        var path = folder.Combine("manifest.json");
        File.WriteAllText(path, manifest);

        var run = await CliRun.InProcessAsync("export", "kubernetes", "--manifest", path, "--output", folder.Combine("out"));

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.StartsWith($"error: {folder.Path}/", run.Error, StringComparison.Ordinal);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
        Assert.Single(run.Error.TrimEnd().Split('\n'));
        Assert.False(Directory.Exists(folder.Combine("out")), "nothing is written from a manifest that could not be read");
        BadArgumentTests.NoStackTrace(run);
    }

    [Fact]
    public async Task A_manifest_that_is_missing_or_a_folder_and_an_output_that_is_a_file_are_named()
    {
        var manifest = RepositoryRoot.Combine("aspire-manifest.json");
        var file = folder.Combine("taken");
        File.WriteAllText(file, "a file, not a folder\n");

        var missing = await CliRun.InProcessAsync("export", "kubernetes", "--manifest", folder.Combine("nope.json"), "--output", folder.Combine("out"));
        var isFolder = await CliRun.InProcessAsync("export", "kubernetes", "--manifest", folder.Path, "--output", folder.Combine("out"));
        var output = await CliRun.InProcessAsync("export", "kubernetes", "--manifest", manifest, "--output", file);

        Assert.True(missing.ExitCode == 2 && missing.Error == $"error: no manifest at {folder.Combine("nope.json")}: run scripts/export-manifest.sh first\n", missing.ToString());
        Assert.True(isFolder.ExitCode == 2 && isFolder.Error.StartsWith($"error: --manifest {folder.Path} is a folder", StringComparison.Ordinal), isFolder.ToString());
        Assert.True(output.ExitCode == 2 && output.Error.StartsWith($"error: could not write to --output {file}: ", StringComparison.Ordinal), output.ToString());
        Assert.Equal("a file, not a folder\n", File.ReadAllText(file));
    }

    public void Dispose() => folder.Dispose();
}
