using System.CommandLine;
using System.Text.Json;
using Platform.Cli.Services;

namespace Platform.Cli.Environments;

/// <summary>
/// <c>platform environments</c>: each environment's deployments (from every deployer's <c>GET /api/environment</c>): what runs and since when,
/// and for a promoted deployment which digest waits, why it does not qualify yet and when it will.
/// </summary>
public static class EnvironmentsCommand
{
    public static Command Create()
    {
        var deployers = new Option<string[]>("--deployer")
        {
            Description = "A deployer's address; repeat for each environment [default: every deployer in .platform/endpoints.json]",
            HelpName = "url",
            AllowMultipleArgumentsPerToken = false,
        };
        var json = new Option<bool>("--json") { Description = "Write the deployers' JSON (GET /api/environment), one array" };
        var command = new Command("environments", "Show what runs in each environment, and what waits to be promoted and why") { deployers, json };
        command.SetAction(async (result, cancellationToken) =>
        {
            var addresses = result.GetValue(deployers) is { Length: > 0 } given ? [.. given] : await FromEndpointsFileAsync(cancellationToken);
            var documents = new List<JsonElement>();
            foreach (var address in addresses)
            {
                if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                {
                    throw new CommandLineException($"'{address}' is not an http(s) address of a deployer");
                }

                using var client = new ServiceClient("deployer", uri);
                documents.Add(await client.GetAsync("/api/environment", CliJson.Default.JsonElement, cancellationToken));
            }

            var output = result.InvocationConfiguration.Output;
            if (result.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(documents, CliJson.Indented.ListJsonElement));
                return ExitCodes.Success;
            }

            using var table = new StringWriter();
            EnvironmentsTable.Write(documents, table);
            await output.WriteAsync(table.ToString());
            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task<List<string>> FromEndpointsFileAsync(CancellationToken cancellationToken)
    {
        var endpoints = await ServiceEndpoint.AllFromEndpointsFileAsync(cancellationToken);
        var deployers = endpoints?.Where(e => e.Key == "deployer" || e.Key.StartsWith("deployer-", StringComparison.Ordinal)).OrderBy(e => e.Key, StringComparer.Ordinal)
            .Select(e => e.Value).ToList();
        return deployers is { Count: > 0 }
            ? deployers
            : throw new CommandLineException("no deployer address: pass --deployer (once per environment), or start the environments (bash scripts/beta.sh), which write .platform/endpoints.json");
    }
}
