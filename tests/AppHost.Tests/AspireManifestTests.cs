using Platform.Testing;

namespace Platform.AppHost.Tests;

public sealed class AspireManifestTests
{
    [Fact]
    public async Task The_committed_aspire_manifest_is_what_the_AppHost_publishes_now()
    {
        // Written beside the committed file so that the project paths in it are relative to the same folder.
        var fresh = RepositoryRoot.Combine("aspire-manifest.check.json");
        try
        {
            var (exitCode, output) = await ChildProcess.RunAsync(
                "dotnet",
                ["run", "--project", RepositoryRoot.Combine("AppHost"), "--no-build", "--", "--publisher", "manifest", "--output-path", fresh],
                TimeSpan.FromMinutes(2),
                RepositoryRoot.Path);
            Assert.True(exitCode == 0, $"the manifest publisher failed: {output}");

            var committed = await File.ReadAllTextAsync(RepositoryRoot.Combine("aspire-manifest.json"));
            var published = await File.ReadAllTextAsync(fresh);
            Assert.True(
                committed.ReplaceLineEndings() == published.ReplaceLineEndings(),
                "aspire-manifest.json is stale: run 'bash scripts/export-manifest.sh' and commit the result");
        }
        finally
        {
            File.Delete(fresh);
        }
    }
}
