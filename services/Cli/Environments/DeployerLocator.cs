using System.CommandLine;
using System.Text.Json;
using Platform.Cli.Services;

namespace Platform.Cli.Environments;

/// <summary>
/// Finds the deployer of an environment: <c>--deployer</c>, else <c>PLATFORM_DEPLOYER_&lt;ENV&gt;_URL</c>, else <c>deployer-&lt;env&gt;</c> and then
/// <c>deployer</c> in .platform/endpoints.json (the AppHost's beta deployer is <c>deployer</c>, its prod one <c>deployer-prod</c>); and checks that
/// the deployer found runs that environment, so that a promotion never goes to the wrong one.
/// </summary>
public static class DeployerLocator
{
    public static Option<string?> UrlOption() => new("--deployer")
    {
        Description = "The deployer's address [default: $PLATFORM_DEPLOYER_<ENV>_URL, else .platform/endpoints.json of the running environments]",
        HelpName = "url",
    };

    public static string Variable(string environment) => $"PLATFORM_DEPLOYER_{environment.Replace('-', '_').ToUpperInvariant()}_URL";

    /// <param name="token">The API token for the commands that change something (<see cref="ApiTokenOption"/>); reads need none.</param>
    public static async Task<ServiceClient> ConnectAsync(string environment, string? url, CancellationToken cancellationToken, string? token = null)
    {
        var variable = Environment.GetEnvironmentVariable(Variable(environment));
        var text = url ?? (string.IsNullOrWhiteSpace(variable) ? null : variable);
        if (text is null && await ServiceEndpoint.AllFromEndpointsFileAsync(cancellationToken) is { } endpoints)
        {
            text = endpoints.GetValueOrDefault($"deployer-{environment}") ?? endpoints.GetValueOrDefault("deployer");
        }

        if (text is null)
        {
            throw new CommandLineException($"no deployer address for {environment}: pass --deployer, set {Variable(environment)}, or start the environments " +
                "(bash scripts/beta.sh; --Platform:Environments=beta,prod for prod), which write .platform/endpoints.json");
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new CommandLineException($"'{text}' is not an http(s) address of the deployer of {environment}");
        }

        var client = new ServiceClient("deployer", uri, token);
        var document = await client.GetAsync("/api/environment", CliJson.Default.JsonElement, cancellationToken);
        if (document.TryGetProperty("environment", out var name) && name.GetString() is { } runs && runs != environment)
        {
            client.Dispose();
            throw new CommandLineException($"the deployer at {uri} runs the environment {runs}, not {environment}: pass --deployer with the address of {environment}'s");
        }

        return client;
    }

    /// <summary>Who asks, for the ledger of commands.</summary>
    public static string RequestedBy => $"platform ({Environment.UserName}@{Environment.MachineName})";
}
