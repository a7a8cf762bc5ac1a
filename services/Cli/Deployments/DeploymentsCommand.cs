using System.CommandLine;
using System.Net.Http.Json;
using System.Text.Json;

namespace Platform.Cli.Deployments;

/// <summary><c>platform deployments</c>: the deployer's rollout history (digest, commit, time, outcome), from its HTTP API.</summary>
public static class DeploymentsCommand
{
    public const string DeployerVariable = "PLATFORM_DEPLOYER_URL";


    public static Command Create()
    {
        var deployer = new Option<string?>("--deployer")
        {
            Description = $"The deployer's address, for example http://127.0.0.1:5080 [default: ${DeployerVariable}]",
            HelpName = "url",
        };
        var service = new Option<string?>("--service", "-s") { Description = "Only this deployment", HelpName = "name" };
        var limit = WholeNumbers.Limit("How many, newest first", 20, 1000);
        var json = new Option<bool>("--json") { Description = "Write the deployer's JSON instead of a table" };
        var command = new Command("deployments", "Show the rollout history: digest, commit, time and outcome of each rollout") { deployer, service, limit, json };
        command.SetAction(async (result, cancellationToken) => await RunAsync(
            result.GetValue(deployer) ?? Environment.GetEnvironmentVariable(DeployerVariable) ?? await Services.ServiceEndpoint.FromEndpointsFileAsync("deployer", cancellationToken),
            result.GetValue(service),
            result.GetValue(limit),
            result.GetValue(json),
            result.InvocationConfiguration.Output,
            result.InvocationConfiguration.Error,
            cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(string? deployer, string? service, int limit, bool json, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(deployer) || !Uri.TryCreate(deployer, UriKind.Absolute, out var address) || address.Scheme is not ("http" or "https"))
        {
            await error.WriteLineAsync($"error: no deployer address: pass --deployer http://host:port, set {DeployerVariable}, or start the beta environment (bash scripts/beta.sh), which writes .platform/endpoints.json" +
                (string.IsNullOrWhiteSpace(deployer) ? "" : $"; '{deployer}' is not an http(s) address"));
            return ExitCodes.Usage;
        }

        var path = $"api/deployments?limit={limit}" + (service is null ? "" : $"&service={Uri.EscapeDataString(service)}");
        List<DeploymentRow> rows;
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(address.GetLeftPart(UriPartial.Authority) + "/"), Timeout = TimeSpan.FromSeconds(15) };
            rows = await http.GetFromJsonAsync(path, CliJson.Default.ListDeploymentRow, cancellationToken) ?? [];
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync($"error: the deployer at {address.GetLeftPart(UriPartial.Authority)} did not answer GET /{path}: {e.Message}");
            return ExitCodes.Failed;
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            await error.WriteLineAsync($"error: the deployer at {address.GetLeftPart(UriPartial.Authority)} answered GET /{path} with something that is not its history: {e.Message}");
            return ExitCodes.Failed;
        }

        if (rows.Any(r => r is null || r.Service is null || r.Digest is null || r.Outcome is null))
        {
            await error.WriteLineAsync($"error: the deployer at {address.GetLeftPart(UriPartial.Authority)} answered GET /{path} with rows that lack a service, digest or outcome");
            return ExitCodes.Failed;
        }

        if (json)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(rows, CliJson.Indented.ListDeploymentRow));
        }
        else
        {
            DeploymentsTable.Write(rows, output);
        }

        return 0;
    }
}
