using System.CommandLine;
using Platform.Cli.Services;

namespace Platform.Cli.Jobs;

/// <summary><c>platform jobs run &lt;job&gt;</c>: a run of one of the environment's jobs now, outside its schedule (the deployer's <c>POST /api/jobs/run</c>).</summary>
public static class JobsCommand
{
    private const string Service = "deployer";

    public static Command Create()
    {
        var url = ServiceEndpoint.UrlOption(Service);
        url.Recursive = true;
        return new Command("jobs", "The environment's scheduled jobs") { url, Run(url) };
    }

    private static Command Run(Option<string?> url)
    {
        var job = new Argument<string>("job") { Description = "The job, as the environment file names it (platform deployments lists it)" };
        job.Validators.Add(result =>
        {
            if (string.IsNullOrWhiteSpace(result.GetValueOrDefault<string>()))
            {
                result.AddError("the job to run is empty; name it as the environment file does");
            }
        });
        var token = ApiTokenOption.Create();
        var command = new Command("run", "Start a run of the job now, outside its schedule; its concurrency policy applies (forbid: not while a run goes on)") { job, token };
        command.SetAction(async (result, cancellationToken) =>
        {
            var name = result.GetValue(job)!;
            try
            {
                using var client = new ServiceClient(
                    Service, await ServiceEndpoint.ResolveAsync(Service, result.GetValue(url), cancellationToken), ApiTokenOption.Resolve(result.GetValue(token)));
                await client.PostAsync($"/api/jobs/run?job={Uri.EscapeDataString(name)}", cancellationToken);
                await result.InvocationConfiguration.Output.WriteLineAsync($"a run of {name} started (platform deployments and the console show it)");
                return 0;
            }
            catch (CommandLineException e)
            {
                await result.InvocationConfiguration.Error.WriteLineAsync($"error: {e.Message}");
                return e.ExitCode;
            }
        });
        return command;
    }
}
