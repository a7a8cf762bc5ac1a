namespace Platform.Catalog.Tests.Index;

/// <summary>The images from outside the catalogue that catalogue images start from or copy from, read from a real repository.</summary>
public sealed class UpstreamImageTests
{
    [Fact]
    public async Task From_and_copy_from_images_outside_the_catalogue_are_listed_with_the_images_that_use_them()
    {
        using var repository = await ImageRepository.CreateAsync();
        repository
            .WriteImage("base", "FROM python:3.12-slim\nCOPY rootfs/ /\n", "name: platform/base\nkind: base\n")
            .Write("images/base/rootfs/etc/motd", "welcome\n")
            .WriteImage("api", "FROM platform/base\nCOPY --from=other/image:1 /bin/tool /usr/local/bin/tool\nCOPY src/ /app/\n", "name: platform/api\nkind: service\n")
            .Write("images/api/src/main.py", "print('api')\n")
            .WriteImage("job", string.Join('\n',
                "FROM python:3.12-slim AS build",
                "RUN pip wheel --wheel-dir /wheels flask",
                "FROM build AS test",
                "FROM scratch AS empty",
                "FROM localhost:5000/platform/base:latest",
                "COPY --from=build /wheels /wheels",
                "COPY --from=platform/base:latest /etc/motd /etc/motd",
                "COPY --from=0 /wheels /more-wheels",
                "COPY --from=ghcr.io/acme/tool@sha256:" + new string('a', 64) + " /tool /tool",
                ""), "name: platform/job\n");
        var commit = await repository.CommitAsync("images with upstream images");

        var index = await repository.LoadAsync(commit);

        Assert.True(index.Catalog.Problems.Count == 0, CatalogText.Problems(index.Catalog));
        Assert.Equal(
            [
                "ghcr.io/acme/tool@sha256:" + new string('a', 64) + " used by platform/job",
                "other/image:1 used by platform/api",
                "python:3.12-slim used by platform/base, platform/job",
            ],
            index.Catalog.UpstreamImages.Select(u => $"{u.Reference} used by {string.Join(", ", u.UsedBy)}"));
        Assert.Equal(["platform/base"], index.Catalog.CatalogueBases("platform/api").Select(b => b.Name));
        Assert.Equal(["platform/base"], index.Catalog.CatalogueBases("platform/job").Select(b => b.Name));
        Assert.Equal(["platform/api", "platform/job"], index.Catalog.Dependents("platform/base"));
    }

    [Fact]
    public async Task An_upstream_image_stops_being_listed_when_the_last_image_that_uses_it_is_deleted()
    {
        using var repository = await ImageRepository.CreateAsync();
        repository
            .WriteImage("api", "FROM python:3.12-slim\n", "name: platform/api\n")
            .WriteImage("web", "FROM nginx:1.27\nCOPY --from=python:3.12-slim /usr/local/bin/python3 /usr/bin/\n", "name: platform/web\n");
        var both = await repository.CommitAsync("api and web");
        var index = await repository.LoadAsync(both);
        Assert.Equal(["nginx:1.27", "python:3.12-slim"], index.Catalog.UpstreamImages.Select(u => u.Reference));

        repository.Delete("images/web");
        var apiOnly = await repository.CommitAsync("web is gone");
        await ImageRepository.MoveAsync(index, apiOnly);

        var upstream = Assert.Single(index.Catalog.UpstreamImages);
        Assert.Equal("python:3.12-slim", upstream.Reference);
        Assert.Equal(["platform/api"], upstream.UsedBy);
    }
}
