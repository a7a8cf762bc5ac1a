using Platform.Catalog.Tests.Index;
using static Platform.Catalog.Tests.Planning.Plans;

namespace Platform.Catalog.Tests.Planning;

/// <summary>
/// Which changes make an image's inputs differ from its last build, on real git repositories: the files
/// its COPYs read from its build context (as .dockerignore leaves it), its spec, its Dockerfile and the
/// build arguments its Dockerfile declares.
/// </summary>
public sealed class InputPlanTests
{
    [Fact]
    public async Task A_change_in_a_shared_context_plans_every_image_that_copies_it_and_no_other()
    {
        using var repository = await ImageRepository.CreateAsync();
        repository
            .Write("images/common/lib/util.py", "def util(): pass\n")
            .Write("images/common/README.md", "shared code\n")
            .WriteImage("app", "FROM python:3.12-slim\nCOPY common/ /common/\nCOPY app/src/ /app/\n", "name: platform/app\ncontext: ..\n")
            .Write("images/app/src/main.py", "print('app')\n")
            .WriteImage("job", "FROM python:3.12-slim\nCOPY common/lib/ /common/\nCOPY job/src/ /job/\n", "name: platform/job\ncontext: ..\n")
            .Write("images/job/src/main.py", "print('job')\n")
            .WriteImage("solo", "FROM python:3.12-slim\nCOPY solo/src/ /solo/\n", "name: platform/solo\ncontext: ..\n")
            .Write("images/solo/src/main.py", "print('solo')\n")
            .WriteImage("plain", "FROM python:3.12-slim\nCOPY src/ /app/\n", "name: platform/plain\n")
            .Write("images/plain/src/main.py", "print('plain')\n");
        var start = await repository.CommitAsync("images with a shared context");
        var index = await repository.LoadAsync(start);
        AssertNoProblems(index);
        var history = new BuildHistory();
        history.Succeeded(index.Catalog);

        repository.Write("images/common/lib/util.py", "def util(): return 1\n");
        var common = await repository.CommitAsync("common util");
        await ImageRepository.MoveAsync(index, common);
        var plan = Plan(index, history);

        AssertPlanned(plan, "platform/app", "platform/job");
        AssertReason(plan, "platform/app", "images/common/lib/util.py");
        AssertReason(plan, "platform/job", "images/common/lib/util.py");
        history.Succeeded(index.Catalog, plan);

        // app's folder is in job's context, but job copies nothing from it.
        repository.Write("images/app/src/main.py", "print('app 2')\n");
        repository.Write("images/common/README.md", "shared code, documented\n");
        var app = await repository.CommitAsync("app 2, common readme");
        await ImageRepository.MoveAsync(index, app);
        var second = Plan(index, history);

        AssertPlanned(second, "platform/app");
        AssertReason(second, "platform/app", "images/app/src/main.py", "images/common/README.md");
        await AssertSameAsFreshLoadAsync(repository, index);
    }

    [Fact]
    public async Task A_file_no_copy_reads_or_that_dockerignore_excludes_plans_nothing()
    {
        using var repository = await ImageRepository.CreateAsync();
        repository
            .WriteImage("api", "FROM python:3.12-slim\nCOPY src/ /app/\n", "name: platform/api\n")
            .Write("images/api/src/main.py", "print('api')\n")
            .Write("images/api/README.md", "the api\n")
            .WriteImage("site", "FROM nginx:1.27\nCOPY . /usr/share/nginx/html/\n", "name: platform/site\n")
            .Write("images/site/.dockerignore", "docs/\n*.md\n")
            .Write("images/site/index.html", "<h1>site</h1>\n")
            .Write("images/site/docs/guide.txt", "how to edit the site\n")
            .Write("images/site/NOTES.md", "notes\n");
        var start = await repository.CommitAsync("api and site");
        var index = await repository.LoadAsync(start);
        AssertNoProblems(index);
        var history = new BuildHistory();
        history.Succeeded(index.Catalog);

        repository.Write("images/api/README.md", "the api, documented\n");
        repository.Write("images/site/docs/guide.txt", "how to edit the site, again\n");
        repository.Write("images/site/NOTES.md", "more notes\n");
        repository.Write("images/site/docs/new.txt", "a new page of docs\n");
        var unread = await repository.CommitAsync("files no build reads");
        await ImageRepository.MoveAsync(index, unread);

        AssertNothingPlanned(Plan(index, history));

        repository.Write("images/site/index.html", "<h1>site 2</h1>\n");
        var read = await repository.CommitAsync("a file the site copies");
        await ImageRepository.MoveAsync(index, read);
        var plan = Plan(index, history);

        AssertPlanned(plan, "platform/site");
        AssertReason(plan, "platform/site", "images/site/index.html");
    }

    [Fact]
    public async Task A_change_to_dockerignore_that_lets_a_file_in_plans_the_image()
    {
        using var repository = await ImageRepository.CreateAsync();
        repository
            .WriteImage("site", "FROM nginx:1.27\nCOPY . /usr/share/nginx/html/\n", "name: platform/site\n")
            .Write("images/site/.dockerignore", "docs/\n")
            .Write("images/site/index.html", "<h1>site</h1>\n")
            .Write("images/site/docs/guide.txt", "how to edit the site\n");
        var start = await repository.CommitAsync("site");
        var index = await repository.LoadAsync(start);
        var history = new BuildHistory();
        history.Succeeded(index.Catalog);

        repository.Write("images/site/.dockerignore", "docs/\n!docs/guide.txt\n");
        var guide = await repository.CommitAsync("publish the guide");
        await ImageRepository.MoveAsync(index, guide);
        var plan = Plan(index, history);

        AssertPlanned(plan, "platform/site");
        AssertReason(plan, "platform/site", "images/site/.dockerignore", "images/site/docs/guide.txt");
    }

    [Fact]
    public async Task A_deleted_image_disappears_from_the_catalogue_and_the_plan()
    {
        using var repository = await ImageRepository.CreateAsync();
        foreach (var name in new[] { "api", "worker" })
        {
            repository
                .WriteImage(name, "FROM python:3.12-slim\nCOPY src/ /app/\n", $"name: platform/{name}\n")
                .Write($"images/{name}/src/main.py", $"print('{name}')\n");
        }

        var start = await repository.CommitAsync("api and worker");
        var index = await repository.LoadAsync(start);
        var history = new BuildHistory();
        history.Succeeded(index.Catalog);

        repository.Delete("images/worker");
        repository.Write("images/api/src/main.py", "print('api 2')\n");
        var deleted = await repository.CommitAsync("worker is gone");
        await ImageRepository.MoveAsync(index, deleted);
        var plan = Plan(index, history);

        Assert.Equal(["platform/api"], index.Catalog.Images.Select(i => i.Spec.Name));
        Assert.Null(index.Catalog.Find("platform/worker"));
        AssertNoProblems(index);
        AssertPlanned(plan, "platform/api");
        await AssertSameAsFreshLoadAsync(repository, index);
    }

    [Theory]
    [InlineData("Dockerfile.prod")]
    [InlineData("docker/Dockerfile")]
    public async Task A_moved_dockerfile_named_in_the_spec_plans_the_image_with_a_reason_and_nothing_else(string moved)
    {
        using var repository = await ImageRepository.CreateAsync();
        const string Dockerfile = "FROM python:3.12-slim\nCOPY src/ /app/\n";
        repository
            .WriteImage("api", Dockerfile, "name: platform/api\n")
            .Write("images/api/src/main.py", "print('api')\n")
            .WriteImage("worker", Dockerfile, "name: platform/worker\n")
            .Write("images/worker/src/main.py", "print('worker')\n");
        var start = await repository.CommitAsync("api and worker");
        var index = await repository.LoadAsync(start);
        var history = new BuildHistory();
        history.Succeeded(index.Catalog);

        repository.Delete("images/api/Dockerfile");
        repository.Write($"images/api/{moved}", Dockerfile);
        repository.Write("images/api/image.yaml", $"name: platform/api\ndockerfile: {moved}\n");
        var renamed = await repository.CommitAsync("api's Dockerfile moves");
        await ImageRepository.MoveAsync(index, renamed);
        var plan = Plan(index, history);

        AssertNoProblems(index);
        Assert.Equal(["platform/api", "platform/worker"], index.Catalog.Images.Select(i => i.Spec.Name));
        Assert.Equal($"images/api/{moved}", index.Catalog.Find("platform/api")!.Spec.DockerfilePath);
        AssertPlanned(plan, "platform/api");
        AssertReason(plan, "platform/api", $"images/api/{moved}");
        await AssertSameAsFreshLoadAsync(repository, index);
    }

    [Fact]
    public async Task A_changed_environment_build_arg_plans_only_the_images_whose_dockerfile_declares_it()
    {
        using var repository = await ImageRepository.CreateAsync();
        repository
            .WriteImage("from-arg", "ARG ROOT_IMAGE\nFROM ${ROOT_IMAGE}\nCOPY src/ /app/\n", "name: platform/from-arg\n")
            .Write("images/from-arg/src/main.py", "print('from-arg')\n")
            .WriteImage("stage-arg", "FROM python:3.12-slim\nARG ROOT_IMAGE\nRUN echo \"built beside $ROOT_IMAGE\" > /etc/root\n", "name: platform/stage-arg\n")
            .WriteImage("other-arg", "ARG ROOT_IMAGE_VERSION=3.12\nFROM python:${ROOT_IMAGE_VERSION}-slim\nRUN echo $ROOT_IMAGE_VERSION > /etc/version\n", "name: platform/other-arg\n")
            .WriteImage("pinned", "ARG ROOT_IMAGE\nFROM ${ROOT_IMAGE}\n", "name: platform/pinned\nbuildArgs:\n  ROOT_IMAGE: python:3.11-slim\n")
            .WriteImage("plain", "FROM python:3.12-slim\nCOPY src/ /app/\n", "name: platform/plain\n")
            .Write("images/plain/src/main.py", "print('plain')\n");
        var commit = await repository.CommitAsync("images and a build arg");
        var before = new Dictionary<string, string> { ["ROOT_IMAGE"] = "python:3.12-slim" };
        var index = await repository.LoadAsync(commit, before);
        AssertNoProblems(index);
        var history = new BuildHistory();
        history.Succeeded(index.Catalog);

        // The builder restarts with another value of the environment's build argument.
        var after = new Dictionary<string, string> { ["ROOT_IMAGE"] = "python:3.13-slim" };
        var reloaded = await repository.LoadAsync(commit, after);
        var plan = Plan(reloaded, history);

        AssertPlanned(plan, "platform/from-arg", "platform/stage-arg");
        AssertReason(plan, "platform/from-arg", "build-arg ROOT_IMAGE");
        AssertReason(plan, "platform/stage-arg", "build-arg ROOT_IMAGE");
        Assert.Contains(reloaded.Catalog.UpstreamImages, u => u.Reference == "python:3.13-slim" && u.UsedBy.SequenceEqual(["platform/from-arg"]));
    }
}
