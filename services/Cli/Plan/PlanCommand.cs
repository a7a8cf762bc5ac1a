using System.CommandLine;
using Platform.Catalog.Git;
using Platform.Catalog.Index;
using Platform.Catalog.Planning;
using Platform.Catalog.Remote;
using Platform.Cli.Git;

namespace Platform.Cli.Plan;

/// <summary><c>platform plan</c>: which images a change needs built, without building anything.</summary>
public static class PlanCommand
{
    public static Command Create()
    {
        var repository = new Option<string>("--repository", "-r")
        {
            Description = "The git repository of images, or any folder inside its work tree, or a remote (https://..., ssh://..., git@host:path) kept in a cache folder",
            HelpName = "path|url",
            DefaultValueFactory = _ => ".",
        };
        var imagesRoot = new Option<string>("--images-root")
        {
            Description = "The folder of the repository under which each sub-folder is an image",
            HelpName = "folder",
            DefaultValueFactory = _ => "images",
        };
        var from = new Option<string?>("--from")
        {
            Description = "The revision every image counts as built at [default: the parent of --to]",
            HelpName = "rev",
        };
        var to = new Option<string>("--to")
        {
            Description = "The revision to plan",
            HelpName = "rev",
            DefaultValueFactory = _ => "HEAD",
        };
        var buildArgs = new Option<string[]>("--build-arg")
        {
            Description = "A build argument for every image, as the builder passes it (repeatable)",
            HelpName = "NAME=VALUE",
        };
        buildArgs.Validators.Add(result =>
        {
            foreach (var token in result.Tokens.Where(t => !BuildArgument.TryParse(t.Value, out _)))
            {
                result.AddError($"--build-arg '{token.Value}' is not NAME=VALUE");
            }
        });
        var json = new Option<bool>("--json") { Description = "Write one JSON document instead of a table" };

        var command = new Command("plan", "Show which images a change needs built, in waves, with the reason for each")
        {
            repository, imagesRoot, from, to, buildArgs, json,
        };
        command.SetAction((result, cancellationToken) => RunAsync(
            new PlanRequest(
                result.GetValue(repository)!,
                result.GetValue(imagesRoot)!,
                result.GetValue(from),
                result.GetValue(to)!,
                BuildArgument.ToDictionary(result.GetValue(buildArgs) ?? []),
                result.GetValue(json)),
            result.InvocationConfiguration.Output,
            result.InvocationConfiguration.Error,
            cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(PlanRequest request, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ChangePlan plan;
        try
        {
            var address = RepositoryAddress.Parse(request.Repository, out var problem)
                ?? throw new CommandLineException($"--repository: {problem}");
            var repository = address.IsRemote
                ? await RemoteCache.OpenAsync(address, error, cancellationToken)
                : await WorkTree.FindAsync(address.Text, cancellationToken);
            var to = await Revisions.ResolveAsync(repository, request.To, cancellationToken);
            var from = request.From is { } revision
                ? await Revisions.ResolveAsync(repository, revision, cancellationToken)
                : await Revisions.ParentAsync(repository, to, cancellationToken);
            var imagesRoot = ImagesRoot(repository, request.ImagesRoot);
            plan = await ChangePlanner.PlanAsync(repository, from, to, imagesRoot, request.BuildArgs, cancellationToken);
        }
        catch (CommandLineException e)
        {
            await error.WriteLineAsync($"error: {e.Message}");
            return e.ExitCode;
        }
        catch (GitException e)
        {
            await error.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.Failed;
        }

        if (plan.Catalog.Images.Count == 0 && plan.Catalog.Problems.Count == 0)
        {
            await error.WriteLineAsync($"warning: no image folders under {request.ImagesRoot}/ at {BuildPlanner.Short(plan.To)} (see --images-root)");
        }

        if (request.Json)
        {
            PlanJson.Write(plan, output);
        }
        else
        {
            PlanTableRenderer.Write(plan, output);
        }

        return 0;
    }

    /// <summary>The images root as a path from the repository root; an absolute path inside the work tree is accepted too.</summary>
    private static string ImagesRoot(GitRepository repository, string folder)
    {
        var relative = Path.IsPathRooted(folder) ? Path.GetRelativePath(repository.Path, folder).Replace('\\', '/') : folder;
        return RepositoryPath.TryCombine(".", relative)
            ?? throw new CommandLineException($"--images-root '{folder}' is outside the repository {repository.Path}");
    }
}
