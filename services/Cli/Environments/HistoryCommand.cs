using System.CommandLine;
using System.Globalization;
using System.Text.Json;

namespace Platform.Cli.Environments;

/// <summary><c>platform history &lt;deployment&gt; [--env beta]</c>: the ledger of what ran as that deployment in one environment.</summary>
public static class HistoryCommand
{
    public static Command Create()
    {
        var deployment = new Argument<string>("deployment") { Description = "The service or job, as the environment file names it" };
        var environment = new Option<string>("--env") { Description = "The environment [default: beta]", HelpName = "environment", DefaultValueFactory = _ => "beta" };
        var limit = WholeNumbers.Limit("How many entries, newest first", 20, 1000);
        var json = new Option<bool>("--json") { Description = "Write the deployer's JSON (GET /api/ledger) instead of a table" };
        var url = DeployerLocator.UrlOption();
        var command = new Command("history", "Show the ledger of a deployment: each digest that ran, since when, until when and why it ended")
        {
            deployment, environment, limit, json, url,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            using var client = await DeployerLocator.ConnectAsync(result.GetValue(environment)!, result.GetValue(url), cancellationToken);
            var path = $"/api/ledger?deployment={Uri.EscapeDataString(result.GetValue(deployment)!)}&limit={result.GetValue(limit).ToString(CultureInfo.InvariantCulture)}";
            var stints = await client.GetAsync(path, CliJson.Default.ListJsonElement, cancellationToken);
            var output = result.InvocationConfiguration.Output;
            if (result.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(stints, CliJson.Indented.ListJsonElement));
                return ExitCodes.Success;
            }

            using var table = new StringWriter();
            LedgerTable.Write(result.GetValue(environment)!, result.GetValue(deployment)!, stints, table);
            await output.WriteAsync(table.ToString());
            return ExitCodes.Success;
        });
        return command;
    }
}
