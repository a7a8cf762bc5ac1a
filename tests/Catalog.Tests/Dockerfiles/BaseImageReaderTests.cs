using Platform.Catalog.Dockerfiles;

namespace Platform.Catalog.Tests.Dockerfiles;

public sealed class BaseImageReaderTests
{
    private static readonly Dictionary<string, string> NoArgs = [];

    [Fact]
    public void Finds_from_images_and_copy_from_images_but_not_stages_or_scratch()
    {
        var dockerfile = string.Join('\n',
            "ARG ROOT_IMAGE=platform/root:busybox",
            "FROM --platform=linux/amd64 ${ROOT_IMAGE} AS build",
            "COPY --from=build /a /b",
            "FROM scratch",
            "COPY --from=0 /x /x",
            "COPY --from=dataplatform/tools:1.2 /bin/tool /bin/",
            "FROM Build");

        var references = BaseImageReader.Read(dockerfile, NoArgs);

        Assert.Equal(
            [
                new BaseImageReference("platform/root:busybox", 2),
                new BaseImageReference("dataplatform/tools:1.2", 6, ImageDependencyKind.CopyFrom),
            ],
            references);
    }

    [Fact]
    public void Supplied_build_args_choose_the_base_image()
    {
        var references = BaseImageReader.Read("ARG ROOT_IMAGE=busybox\nFROM $ROOT_IMAGE\n", new Dictionary<string, string> { ["ROOT_IMAGE"] = "alpine:3.20" });

        Assert.Equal([new BaseImageReference("alpine:3.20", 2)], references);
    }

    [Fact]
    public void A_dockerfile_with_problems_still_yields_the_images_it_names()
    {
        var references = BaseImageReader.Read("FROM alpine\nBOGUS\nCOPY onlyone\nFROM debian\n", NoArgs);

        Assert.Equal(["alpine", "debian"], references.Select(r => r.Reference));
    }

    [Fact]
    public void The_sample_images_of_the_repository_are_read_without_problems()
    {
        var images = Path.Combine(RepositoryRoot(), "images");
        var dockerfiles = Directory.GetFiles(images, "Dockerfile", SearchOption.AllDirectories);

        Assert.NotEmpty(dockerfiles);
        foreach (var path in dockerfiles)
        {
            var dockerfile = DockerfileReader.Read(File.ReadAllText(path), NoArgs, path);
            Assert.True(dockerfile.Problems.Count == 0, string.Join("; ", dockerfile.Problems));
            Assert.NotEmpty(BaseImageReader.Read(dockerfile));
        }
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Platform.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException($"no Platform.sln above {AppContext.BaseDirectory}");
    }
}
