using Platform.Catalog.Index;
using Platform.Catalog.Planning;
using Platform.Catalog.Tests.Planning;

namespace Platform.Catalog.Tests.Index;

/// <summary>
/// Bad input in a real repository: each mistake is a problem that names the file and the line, only
/// the images involved are left out, and the rest of the catalogue is still read and planned. Each case
/// is read twice, by a fresh load and by an index moved from a good commit, with the same result.
/// </summary>
public sealed class CatalogProblemTests
{
    private const string GoodDockerfile = "FROM python:3.12-slim\nCOPY src/ /app/\n";

    public static TheoryData<string, string, int?, string> BadFiles => new()
    {
        // Each case writes one file over a valid image platform/bad (a Dockerfile, src/main.py and an image.yaml).
        { "image.yaml", "name: platform/bad\nkind: etl\n  schedule: daily\n", 3, "not valid YAML" },
        { "image.yaml", "name: platform/bad\ntags: [stable\nkind: etl\n", 2, "not valid YAML" },
        { "image.yaml", "name: platform/bad\nkidn: service\n", 2, "unknown field 'kidn'" },
        { "image.yaml", "name: platform/bad\nkind: daemon\n", 2, "kind 'daemon' is not one of base, etl, service" },
        { "image.yaml", "name: platform/bad\nplatforms:\n  - linux/amd64\n  - windows/amd64\n", 4, "'windows/amd64' in platforms" },
        { "image.yaml", "name: platform/bad\ncontext: ../../..\n", 2, "context '../../..' leaves the repository" },
        { "image.yaml", "name: platform/bad\ndockerfile: ../good/Dockerfile\n", 2, "the Dockerfile images/good/Dockerfile is not inside the build context images/bad" },
        { "Dockerfile", "FROM python:3.12-slim\nCOPY src/ /app/\nRUNN pip install flask\n", 3, "unknown instruction: RUNN" },
        { "Dockerfile", "FROM python:3.12-slim\nCOPY src/ /app/\nRUN <<EOF\npip install flask\n", 3, "unterminated heredoc <<EOF" },
        { "Dockerfile", "FROM python:3.12-slim\nCOPY ../good/src/ /app/\n", 2, "'../good/src/' is outside the build context" },
        { "Dockerfile", "FROM python:3.12-slim\nCOPY src/ /app/\nCOPY requirements.txt /app/\n", 3, "'requirements.txt' is not in the build context" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task A_bad_file_is_a_problem_naming_the_file_and_line_and_the_rest_of_the_catalogue_is_still_there(
        string file, string content, int? line, string message)
    {
        using var repository = await WithGoodImageAsync();
        repository
            .WriteImage("bad", GoodDockerfile, "name: platform/bad\n")
            .Write("images/bad/src/main.py", "print('bad')\n");
        var good = await repository.CommitAsync("two good images");
        repository.Write($"images/bad/{file}", content);
        var bad = await repository.CommitAsync($"a bad {file}");

        foreach (var index in await BothWaysAsync(repository, good, bad))
        {
            var problem = Assert.Single(index.Catalog.Problems);
            Assert.True(problem.File == $"images/bad/{file}" && problem.Line == line && problem.Message.Contains(message, StringComparison.Ordinal),
                $"expected a problem at images/bad/{file}:{line} saying '{message}', saw: {problem}");
            Assert.Equal("images/bad", problem.Image);
            AssertOnlyTheGoodImageIsPlanned(index);
        }
    }

    [Fact]
    public async Task The_dependents_of_a_base_that_cannot_be_built_are_problems_naming_the_base_and_not_upstream_images()
    {
        using var repository = await WithGoodImageAsync();
        repository
            .WriteImage("base", "FROM python:3.12-slim\nCOPY src/ /app/\n", "name: platform/base\nkind: base\n")
            .Write("images/base/src/lib.py", "VALUE = 1\n")
            .WriteImage("app", "FROM platform/base\nCOPY src/ /app/\n", "name: platform/app\n")
            .Write("images/app/src/main.py", "print('app')\n")
            .WriteImage("tool", "FROM registry.example:5000/platform/app:latest\nCOPY src/ /app/\n", "name: platform/tool\n")
            .Write("images/tool/src/main.py", "print('tool')\n");
        var good = await repository.CommitAsync("a chain of three and a good image");
        repository.Write("images/base/Dockerfile", "FROM python:3.12-slim\nCOPY missing/ /app/\n");
        var bad = await repository.CommitAsync("the base copies a folder it does not have");

        foreach (var index in await BothWaysAsync(repository, good, bad))
        {
            var problems = index.Catalog.Problems.ToDictionary(p => p.Image);
            Assert.Equal(["images/app", "images/base", "images/tool"], problems.Keys.Order());
            Assert.Contains("its base image platform/base cannot be built", problems["images/app"].Message);
            Assert.Equal(("images/app/Dockerfile", 1), (problems["images/app"].File, problems["images/app"].Line));
            Assert.Contains("its base image platform/app cannot be built", problems["images/tool"].Message);
            Assert.DoesNotContain(index.Catalog.UpstreamImages, u => u.Reference.Contains("platform/base", StringComparison.Ordinal));
            AssertOnlyTheGoodImageIsPlanned(index);
        }
    }

    [Fact]
    public async Task A_dependency_cycle_is_a_problem_of_each_image_in_it_naming_the_cycle()
    {
        using var repository = await WithGoodImageAsync();
        var good = await repository.CommitAsync("a good image");
        repository
            .WriteImage("a", "FROM python:3.12-slim AS tools\nFROM platform/b:latest\nCOPY src/ /app/\n", "name: platform/a\n")
            .Write("images/a/src/main.py", "print('a')\n")
            .WriteImage("b", "FROM platform/a\n", "name: platform/b\n");
        var cycle = await repository.CommitAsync("a and b start from each other");

        foreach (var index in await BothWaysAsync(repository, good, cycle))
        {
            Assert.Equal(
                [
                    "images/a/Dockerfile:2: the images depend on each other in a cycle: platform/a -> platform/b -> platform/a",
                    "images/b/Dockerfile:1: the images depend on each other in a cycle: platform/a -> platform/b -> platform/a",
                ],
                index.Catalog.Problems.Select(p => p.ToString()));
            AssertOnlyTheGoodImageIsPlanned(index);
        }
    }

    [Fact]
    public async Task Two_images_with_one_name_are_each_a_problem_naming_both()
    {
        using var repository = await WithGoodImageAsync();
        var good = await repository.CommitAsync("a good image");
        repository
            .WriteImage("one", "FROM python:3.12-slim\n", "name: platform/same\n")
            .WriteImage("two", "FROM python:3.12-slim\n", "kind: base\nname: platform/same\n");
        var duplicate = await repository.CommitAsync("two images named platform/same");

        foreach (var index in await BothWaysAsync(repository, good, duplicate))
        {
            const string Message = "the image name 'platform/same' is used by more than one image: images/one/image.yaml:1, images/two/image.yaml:2";
            Assert.Equal([$"images/one/image.yaml:1: {Message}", $"images/two/image.yaml:2: {Message}"], index.Catalog.Problems.Select(p => p.ToString()));
            AssertOnlyTheGoodImageIsPlanned(index);
        }
    }

    [Fact]
    public async Task Two_images_named_after_folders_of_one_name_are_each_a_problem_naming_both_folders()
    {
        using var repository = await WithGoodImageAsync();
        var good = await repository.CommitAsync("a good image");
        repository
            .WriteImage("team-a/api", "FROM python:3.12-slim\n")
            .WriteImage("team-b/api", "FROM python:3.12-slim\n", "kind: service\n");
        var duplicate = await repository.CommitAsync("two images named api after their folders");

        foreach (var index in await BothWaysAsync(repository, good, duplicate))
        {
            const string Message = "the image name 'api' is used by more than one image: images/team-a/api/ (named after its folder), images/team-b/api/ (named after its folder)";
            Assert.Equal([$"images/team-a/api/image.yaml: {Message}", $"images/team-b/api/image.yaml: {Message}"], index.Catalog.Problems.Select(p => p.ToString()));
            AssertOnlyTheGoodImageIsPlanned(index);
        }
    }

    [Fact]
    public async Task A_folder_under_the_images_root_with_neither_dockerfile_nor_spec_is_a_problem_naming_the_folder()
    {
        using var repository = await WithGoodImageAsync();
        var good = await repository.CommitAsync("a good image");
        repository.Write("images/notes/todo.md", "build a notes service\n");
        var orphan = await repository.CommitAsync("a folder that is no image");

        foreach (var index in await BothWaysAsync(repository, good, orphan))
        {
            var problem = Assert.Single(index.Catalog.Problems);
            Assert.Equal("images/notes/Dockerfile: the image folder images/notes/ has no Dockerfile or image.yaml, so it cannot be built", problem.ToString());
            AssertOnlyTheGoodImageIsPlanned(index);
        }
    }

    [Fact]
    public async Task A_spec_that_names_a_missing_dockerfile_is_a_problem_of_that_image()
    {
        using var repository = await WithGoodImageAsync();
        var good = await repository.CommitAsync("a good image");
        repository.Write("images/bad/image.yaml", "name: platform/bad\ndockerfile: build/Dockerfile\n");
        var missing = await repository.CommitAsync("a spec without its Dockerfile");

        foreach (var index in await BothWaysAsync(repository, good, missing))
        {
            var problem = Assert.Single(index.Catalog.Problems);
            Assert.Equal("images/bad/build/Dockerfile: the image folder images/bad/ has no build/Dockerfile, so it cannot be built", problem.ToString());
            AssertOnlyTheGoodImageIsPlanned(index);
        }
    }

    [Fact]
    public async Task A_reference_with_a_variable_the_engine_fills_for_each_platform_is_no_problem()
    {
        using var repository = await WithGoodImageAsync();
        repository.WriteImage("arch", "ARG TARGETARCH\nFROM platform/root:busybox-${TARGETARCH}\n", "name: platform/arch\n");
        var commit = await repository.CommitAsync("an image whose base depends on the platform");

        var index = await repository.LoadAsync(commit);

        Assert.True(index.Catalog.Problems.Count == 0, CatalogText.Problems(index.Catalog));
        Assert.NotNull(index.Catalog.Find("platform/arch"));
    }

    private static async Task<ImageRepository> WithGoodImageAsync()
    {
        var repository = await ImageRepository.CreateAsync();
        repository
            .WriteImage("good", GoodDockerfile, "name: platform/good\nkind: service\n")
            .Write("images/good/src/main.py", "print('good')\n");
        return repository;
    }

    /// <summary>The catalogue at <paramref name="bad"/> read by a fresh load, and by an index moved there from <paramref name="good"/>.</summary>
    private static async Task<CatalogIndex[]> BothWaysAsync(ImageRepository repository, string good, string bad)
    {
        var moved = await repository.LoadAsync(good);
        Assert.True(moved.Catalog.Problems.Count == 0, $"expected no problems before the bad commit, saw:\n{CatalogText.Problems(moved.Catalog)}");
        await ImageRepository.MoveAsync(moved, bad);
        return [await repository.LoadAsync(bad), moved];
    }

    private static void AssertOnlyTheGoodImageIsPlanned(CatalogIndex index)
    {
        var good = index.Catalog.Find("platform/good");
        Assert.True(good is not null, $"expected platform/good to stay in the catalogue, it has: {string.Join(", ", index.Catalog.Images.Select(i => i.Spec.Name))}");
        Assert.Contains("images/good/src/main.py", good.Inputs.Files.Keys);
        var plan = BuildPlanner.Plan(index.Catalog, _ => null);
        Plans.AssertPlanned(plan, "platform/good");
        Assert.Equal(index.Catalog.Problems, plan.Problems);
    }
}
