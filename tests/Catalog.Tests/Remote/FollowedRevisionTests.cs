using Platform.Catalog.Git;
using Platform.Testing;

namespace Platform.Catalog.Tests.Remote;

/// <summary>What a followed revision (Catalog:Ref, Builder:Refs) names in a real repository, and which pushed refs can move it.</summary>
public sealed class FollowedRevisionTests : IAsyncLifetime
{
    private TempGitRepository repository = null!;
    private GitRepository git = null!;
    private string first = "";
    private string second = "";

    public async Task InitializeAsync()
    {
        repository = await TempGitRepository.CreateAsync();
        repository.WriteFile("a.txt", "1\n");
        first = await repository.CommitAllAsync("first");
        repository.WriteFile("a.txt", "2\n");
        second = await repository.CommitAllAsync("second");
        git = new GitRepository(repository.Path);
    }

    [Fact]
    public async Task A_branch_a_tag_and_HEAD_resolve_to_their_full_ref_and_commit()
    {
        await repository.GitAsync("tag", "v1.0.0", first);

        Assert.Equal(new ResolvedRevision("refs/heads/main", second), await new FollowedRevision("main").ResolveAsync(git, CancellationToken.None));
        Assert.Equal(new ResolvedRevision("refs/tags/v1.0.0", first), await new FollowedRevision("v1.0.0").ResolveAsync(git, CancellationToken.None));
        Assert.Equal(new ResolvedRevision("HEAD", second), await new FollowedRevision("HEAD").ResolveAsync(git, CancellationToken.None));
        Assert.Equal(new ResolvedRevision(first, first), await new FollowedRevision(first).ResolveAsync(git, CancellationToken.None));
    }

    [Fact]
    public async Task A_tag_pattern_follows_the_highest_version_not_the_latest_tagged()
    {
        await repository.GitAsync("tag", "v1.9.2", first);
        await repository.GitAsync("tag", "v1.10.0", second);
        // A hotfix of an older line, tagged last.
        await repository.GitAsync("tag", "v1.9.3", first);
        await repository.GitAsync("tag", "release-7", first);

        var newest = await new FollowedRevision("v*").ResolveAsync(git, CancellationToken.None);

        Assert.Equal(new ResolvedRevision("refs/tags/v1.10.0", second), newest);
        Assert.Equal("v1.10.0", newest!.Name);
        Assert.Equal("refs/tags/release-7", (await new FollowedRevision("refs/tags/release-*").ResolveAsync(git, CancellationToken.None))?.Ref);
    }

    [Fact]
    public async Task A_deleted_branch_and_a_pattern_no_tag_matches_name_nothing()
    {
        await repository.GitAsync("branch", "feature");
        await repository.GitAsync("branch", "-D", "feature");

        Assert.Null(await new FollowedRevision("feature").ResolveAsync(git, CancellationToken.None));
        Assert.Null(await new FollowedRevision("v*").ResolveAsync(git, CancellationToken.None));
        Assert.Null(await new FollowedRevision("refs/heads/feature").ResolveAsync(git, CancellationToken.None));
    }

    [Fact]
    public async Task A_service_whose_Catalog_Ref_is_a_tag_pattern_reads_the_catalogue_at_the_newest_release_and_says_when_none_exists()
    {
        repository.WriteFile("images/app/Dockerfile", "FROM scratch\n");
        var third = await repository.CommitAllAsync("an image");
        var options = Microsoft.Extensions.Options.Options.Create(new CatalogOptions { Repository = repository.Path, Ref = "v*" });
        var source = new CatalogSource(
            new Platform.Catalog.Remote.CatalogRepository(options, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<Platform.Catalog.Remote.CatalogRepository>.Instance),
            options);

        var none = await Assert.ThrowsAsync<GitException>(() => source.GetAsync(CancellationToken.None));
        Assert.Contains("Catalog:Ref v*: no tag of", none.Message);

        await repository.GitAsync("tag", "v1.0.0", second);
        Assert.Equal((second, 0), await CommitAndCountAsync(source));
        await repository.GitAsync("tag", "v1.1.0", third);
        Assert.Equal((third, 1), await CommitAndCountAsync(source));
    }

    private static async Task<(string, int)> CommitAndCountAsync(CatalogSource source)
    {
        var catalog = await source.GetAsync(CancellationToken.None);
        return (catalog.Commit, catalog.Images.Count);
    }

    [Theory]
    [InlineData("main", "refs/heads/main", true)]
    [InlineData("main", "refs/tags/main", true)]
    [InlineData("main", "refs/heads/feature", false)]
    [InlineData("refs/heads/main", "refs/heads/main", true)]
    [InlineData("v*", "refs/tags/v1.3.0", true)]
    [InlineData("v*", "refs/heads/v2", false)]
    [InlineData("v*", "refs/tags/nightly", false)]
    [InlineData("v*", "refs/tags/v1/rc", false)]
    [InlineData("refs/tags/release-*", "refs/tags/release-7", true)]
    [InlineData("HEAD", "refs/heads/main", true)]
    [InlineData("HEAD", "refs/heads/feature", false)]
    public void A_pushed_ref_moves_the_revisions_it_can_name(string followed, string pushed, bool matches) =>
        Assert.Equal(matches, new FollowedRevision(followed).Matches(pushed, headBranch: "refs/heads/main"));

    public Task DisposeAsync()
    {
        repository.Dispose();
        return Task.CompletedTask;
    }
}
