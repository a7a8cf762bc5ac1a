using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Platform.Catalog.Index;
using Platform.Catalog.Planning;
using Platform.Catalog.Tests.Planning;

namespace Platform.Catalog.Tests.Index;

/// <summary>
/// Real repositories laid out their own way, read from real git repositories: images spread over folders
/// at the repository root (the images root "", "." or "./"), a context shared by two images, folders that are
/// no images (docs, CI, hidden tool folders), and VERSION files that are empty or odd.
/// </summary>
public sealed class RepositoryLayoutTests
{
    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("./")]
    public async Task Images_spread_over_the_repository_root_are_found_and_folders_without_a_dockerfile_are_no_problem(string imagesRoot)
    {
        using var repository = await ImageRepository.CreateAsync();
        repository.Write("README.md", "# a monorepo\n");
        var empty = await repository.CommitAsync("a readme");
        WriteMonorepo(repository);
        var layout = await repository.CommitAsync("pipelines, devices, services, docs, CI and a dev container");

        var moved = await repository.LoadAsync(empty, imagesRoot: imagesRoot);
        await ImageRepository.MoveAsync(moved, layout);
        foreach (var index in new[] { await repository.LoadAsync(layout, imagesRoot: imagesRoot), moved })
        {
            Assert.True(index.Catalog.Problems.Count == 0, $"expected no problems, saw:\n{CatalogText.Problems(index.Catalog)}");
            Assert.Equal(
                ["dataplatform/sales @ etl_pipelines/sales", "sensor_gateway @ IoT/Sensor_Gateway", "status-api @ services/status-api", "weather @ etl_pipelines/weather"],
                index.Catalog.Images.Select(i => $"{i.Spec.Name} @ {i.Spec.Folder}").Order(StringComparer.Ordinal));
            Plans.AssertPlanned(BuildPlanner.Plan(index.Catalog, _ => null), "dataplatform/sales", "sensor_gateway", "status-api", "weather");

            // The shared context: sales reads the common library, weather (its own context) does not.
            Assert.Contains("etl_pipelines/common/lib.py", index.Catalog.Find("dataplatform/sales")!.Inputs.Files.Keys);
            Assert.DoesNotContain("etl_pipelines/common/lib.py", index.Catalog.Find("weather")!.Inputs.Files.Keys);
        }

        // Changes to docs, CI and the dev container leave the catalogue as it was.
        repository
            .Write("docs/guide/deploy.md", "how to deploy\n")
            .Write(".github/workflows/release.yml", "on: push\n")
            .Write(".devcontainer/Dockerfile", "FROM mcr.microsoft.com/devcontainers/base:bookworm\nRUN echo changed\n");
        var noise = await repository.CommitAsync("docs and tooling");
        var before = CatalogText.Lines(moved.Catalog);
        await ImageRepository.MoveAsync(moved, noise);
        Assert.Equal(before, CatalogText.Lines(moved.Catalog));
    }

    [Fact]
    public async Task A_folder_at_the_repository_root_with_only_a_differently_named_dockerfile_is_a_problem_that_says_how_to_fix_it()
    {
        using var repository = await ImageRepository.CreateAsync();
        WriteMonorepo(repository);
        repository.Write("tools/migrate/migrate.Dockerfile", "FROM alpine:3.20\n").Write("tools/migrate/run.sh", "echo\n");
        var commit = await repository.CommitAsync("a tool with a Dockerfile of another name");

        var index = await repository.LoadAsync(commit, imagesRoot: ".");

        var problem = Assert.Single(index.Catalog.Problems);
        Assert.Equal(
            "tools/Dockerfile: the image folder tools/ has no Dockerfile or image.yaml, so it cannot be built " +
            "(it holds tools/migrate/migrate.Dockerfile: an image.yaml next to it with 'dockerfile: migrate.Dockerfile' makes it one)",
            problem.ToString());
        Assert.Equal(4, index.Catalog.Images.Count);
    }

    [Fact]
    public async Task A_hidden_folder_is_an_image_only_when_it_has_a_spec()
    {
        using var repository = await ImageRepository.CreateAsync();
        WriteMonorepo(repository);
        repository.Write(".platform/toolbox/Dockerfile", "FROM alpine:3.20\n").Write(".platform/toolbox/image.yaml", "name: dataplatform/toolbox\nkind: base\n");
        var commit = await repository.CommitAsync("a toolbox image in a hidden folder, named by its spec");

        var index = await repository.LoadAsync(commit, imagesRoot: ".");

        Assert.True(index.Catalog.Problems.Count == 0, CatalogText.Problems(index.Catalog));
        Assert.NotNull(index.Catalog.Find("dataplatform/toolbox"));
        Assert.DoesNotContain(index.Catalog.Images, i => i.Spec.Folder.StartsWith(".devcontainer", StringComparison.Ordinal) || i.Spec.Folder.StartsWith(".github", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n")]
    [InlineData("  \t\r\n\r\n")]
    [InlineData("\uFEFF")]
    public async Task An_empty_version_file_is_a_warning_and_the_image_is_still_built_without_that_tag(string content)
    {
        using var repository = await ImageRepository.CreateAsync();
        repository
            .WriteImage("api", "FROM python:3.12-slim\n", "name: platform/api\nkind: service\n")
            .Write("images/api/VERSION", content)
            .WriteImage("worker", "FROM python:3.12-slim\n", "name: platform/worker\n")
            .Write("images/worker/VERSION", "\uFEFF2.4.1\r\n");
        var commit = await repository.CommitAsync("an empty VERSION");

        var index = await repository.LoadAsync(commit);

        Assert.True(index.Catalog.Problems.Count == 0, CatalogText.Problems(index.Catalog));
        Assert.Equal(
            "images/api/VERSION:1: the VERSION file is empty, so it adds no tag (write a tag in it, or delete it)",
            Assert.Single(index.Catalog.Warnings).ToString());
        Assert.Null(index.Catalog.Find("platform/api")!.Version);
        Assert.Equal("2.4.1", index.Catalog.Find("platform/worker")!.Version);
        Assert.Contains("images/api/VERSION", index.Catalog.Find("platform/api")!.Inputs.Files.Keys);
        Plans.AssertPlanned(BuildPlanner.Plan(index.Catalog, _ => null), "platform/api", "platform/worker");
    }

    [Fact]
    public async Task A_version_file_of_two_lines_is_a_problem_of_that_image_only()
    {
        using var repository = await ImageRepository.CreateAsync();
        repository
            .WriteImage("api", "FROM python:3.12-slim\n", "name: platform/api\n")
            .Write("images/api/VERSION", "1.0.0\n1.1.0\n")
            .WriteImage("worker", "FROM python:3.12-slim\n", "name: platform/worker\n");
        var commit = await repository.CommitAsync("two versions in one file");

        var index = await repository.LoadAsync(commit);

        var problem = Assert.Single(index.Catalog.Problems);
        Assert.StartsWith("images/api/VERSION:1: '1.0.0\n1.1.0' is not a valid tag (it must be one line)", problem.ToString(), StringComparison.Ordinal);
        Plans.AssertPlanned(BuildPlanner.Plan(index.Catalog, _ => null), "platform/worker");
    }

    [Theory]
    [InlineData("", true)]
    [InlineData(".", true)]
    [InlineData("images", true)]
    [InlineData("/images", false)]
    public void The_images_root_setting_may_be_the_repository_root(string imagesRoot, bool valid)
    {
        var options = new CatalogOptions { ImagesRoot = imagesRoot };

        Assert.Equal(valid, Validator.TryValidateObject(options, new ValidationContext(options), null, validateAllProperties: true));
    }

    [Theory]
    [InlineData("", "")]
    [InlineData(".", ".")]
    public void An_images_root_of_the_repository_root_binds_from_configuration(string value, string bound)
    {
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Catalog:ImagesRoot"] = value })
            .Build();

        var options = configuration.GetSection(CatalogOptions.Section).Get<CatalogOptions>()!;

        Assert.Equal(bound, options.ImagesRoot);
        Assert.True(Validator.TryValidateObject(options, new ValidationContext(options), null, validateAllProperties: true));
    }

    /// <summary>Dockerfiles spread over etl_pipelines/, IoT/ and services/, with docs, CI and tool folders around them.</summary>
    private static void WriteMonorepo(ImageRepository repository) => repository
        .Write("README.md", "# a monorepo\n")
        .Write("docs/index.md", "docs\n")
        .Write(".github/workflows/ci.yml", "on: push\n")
        .Write(".github/actions/lint/Dockerfile", "FROM alpine:3.20\n")
        .Write(".devcontainer/Dockerfile", "FROM mcr.microsoft.com/devcontainers/base:bookworm\n")
        .Write("scripts/build.sh", "echo build\n")
        .Write("etl_pipelines/common/lib.py", "VALUE = 1\n")
        .Write("etl_pipelines/weather/Dockerfile", "FROM python:3.12-slim\nCOPY main.py /app/\n")
        .Write("etl_pipelines/weather/main.py", "print('weather')\n")
        .Write("etl_pipelines/sales/image.yaml", "name: dataplatform/sales\ncontext: ..\n")
        .Write("etl_pipelines/sales/Dockerfile", "FROM python:3.12-slim\nCOPY common/ /app/common/\nCOPY sales/main.py /app/\n")
        .Write("etl_pipelines/sales/main.py", "print('sales')\n")
        .Write("IoT/Sensor_Gateway/Dockerfile", "FROM alpine:3.20\nCOPY gateway.sh /\n")
        .Write("IoT/Sensor_Gateway/gateway.sh", "echo\n")
        .Write("services/status-api/Dockerfile", "FROM python:3.12-slim\nCOPY . /app/\n")
        .Write("services/status-api/app.py", "print('api')\n");
}
