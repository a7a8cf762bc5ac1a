using Platform.Catalog.Git;
using static Platform.Catalog.Tests.Planning.Plans;

namespace Platform.Catalog.Tests.Index;

/// <summary>How the index moves between commits when the repository does not cooperate: revisions by name, missing commits, missing objects.</summary>
public sealed class IndexMoveTests
{
    private static async Task<ImageRepository> TwoImagesAsync()
    {
        var repository = await ImageRepository.CreateAsync();
        foreach (var name in new[] { "api", "worker" })
        {
            repository
                .WriteImage(name, "FROM python:3.12-slim\nCOPY src/ /app/\n", $"name: platform/{name}\n")
                .Write($"images/{name}/src/main.py", $"print('{name}')\n");
        }

        return repository;
    }

    [Fact]
    public async Task A_move_that_fails_part_way_leaves_an_index_that_later_moves_to_the_right_catalogue()
    {
        using var repository = await TwoImagesAsync();
        var start = await repository.CommitAsync("api and worker");
        var index = await repository.LoadAsync(start);
        repository.Write("images/api/Dockerfile", "FROM python:3.13-slim\nCOPY src/ /app/\n");
        repository.Write("images/worker/src/main.py", "print('worker 2')\n");
        var changed = await repository.CommitAsync("api on python 3.13, worker 2");

        // The new Dockerfile's blob cannot be read (a partial clone offline, a damaged object store).
        var blob = (await repository.GitAsync("rev-parse", $"{changed}:images/api/Dockerfile")).Trim();
        var objectFile = Path.Combine(repository.Repository.Path, ".git", "objects", blob[..2], blob[2..]);
        var content = await File.ReadAllBytesAsync(objectFile);
        File.Delete(objectFile);
        var failure = await Assert.ThrowsAsync<GitException>(() => ImageRepository.MoveAsync(index, changed));
        Assert.Contains(blob, failure.Message, StringComparison.Ordinal);
        Assert.Equal(start, index.Commit);
        Assert.Equal(start, index.Catalog.Commit);

        await File.WriteAllBytesAsync(objectFile, content);
        await ImageRepository.MoveAsync(index, changed);
        Assert.Equal(changed, index.Commit);
        await AssertSameAsFreshLoadAsync(repository, index);

        repository.Write("README.md", "two images\n");
        var later = await repository.CommitAsync("readme");
        await ImageRepository.MoveAsync(index, later);
        await AssertSameAsFreshLoadAsync(repository, index);
    }

    [Fact]
    public async Task Moving_to_a_commit_the_repository_does_not_have_fails_and_leaves_the_index_where_it_was()
    {
        using var repository = await TwoImagesAsync();
        var start = await repository.CommitAsync("api and worker");
        var index = await repository.LoadAsync(start);

        await Assert.ThrowsAsync<GitException>(() => ImageRepository.MoveAsync(index, new string('0', 40)));

        Assert.Equal(start, index.Commit);
        repository.Write("images/api/src/main.py", "print('api 2')\n");
        var changed = await repository.CommitAsync("api 2");
        await ImageRepository.MoveAsync(index, changed);
        await AssertSameAsFreshLoadAsync(repository, index);
    }

    [Fact]
    public async Task An_index_loaded_at_a_branch_name_is_at_its_commit_and_follows_the_branch_when_moved_to_the_name_again()
    {
        using var repository = await TwoImagesAsync();
        var start = await repository.CommitAsync("api and worker");
        var index = await repository.LoadAsync("main");
        Assert.Equal(start, index.Commit);
        Assert.Equal(start, index.Catalog.Commit);

        repository.Write("images/api/src/main.py", "print('api 2')\n");
        var changed = await repository.CommitAsync("api 2");
        await ImageRepository.MoveAsync(index, "main");

        Assert.Equal(changed, index.Commit);
        await AssertSameAsFreshLoadAsync(repository, index);
        await ImageRepository.MoveAsync(index, changed[..10]);
        Assert.Equal(changed, index.Commit);
    }
}
