using System.CommandLine;
using System.Text.Json.Serialization.Metadata;
using Platform.Cli.Services;

namespace Platform.Cli.Environments;

/// <summary>
/// <c>platform promote &lt;deployment&gt; --to prod [--digest d]</c> and <c>platform rollback &lt;deployment&gt; --env prod [--to d]</c>:
/// commands to the deployer of that environment, which checks them and sends them on the bus under their idempotency key.
/// </summary>
public static class PromoteCommand
{
    public static Command Create()
    {
        var deployment = new Argument<string>("deployment") { Description = "The service or job, as the environment file names it" };
        var to = new Option<string>("--to") { Description = "The environment to promote to, for example prod", HelpName = "environment", Required = true };
        var digest = new Option<string?>("--digest") { Description = "The digest to promote [default: the newest that qualified]", HelpName = "sha256:..." };
        var url = DeployerLocator.UrlOption();
        var token = ApiTokenOption.Create();
        var command = new Command("promote", "Promote the digest that qualified in the source environment (approval: required, or a manual push)")
        {
            deployment, to, digest, url, token,
        };
        command.SetAction(async (result, cancellationToken) => await SendAsync(result.GetValue(to)!, result.GetValue(url), ApiTokenOption.Resolve(result.GetValue(token)), "/api/promotions", new PromotionRequest(
            result.GetValue(deployment)!, result.GetValue(digest), result.GetValue(to)!, DeployerLocator.RequestedBy), CliJson.Default.PromotionRequest, result.GetValue(deployment)!, result.InvocationConfiguration.Output, cancellationToken));
        return command;
    }

    public static Command Rollback()
    {
        var deployment = new Argument<string>("deployment") { Description = "The service or job, as the environment file names it" };
        var environment = new Option<string>("--env") { Description = "The environment, for example prod", HelpName = "environment", Required = true };
        var to = new Option<string?>("--to") { Description = "The digest to go back to [default: the last one that served before]", HelpName = "sha256:..." };
        var reason = new Option<string?>("--reason") { Description = "Why, for the ledger and the announcement", HelpName = "text" };
        var url = DeployerLocator.UrlOption();
        var token = ApiTokenOption.Create();
        var command = new Command("rollback", "Put the previous good digest (or --to) back; the rolled-back digest is not promoted there again")
        {
            deployment, environment, to, reason, url, token,
        };
        command.SetAction(async (result, cancellationToken) => await SendAsync(result.GetValue(environment)!, result.GetValue(url), ApiTokenOption.Resolve(result.GetValue(token)), "/api/rollbacks", new RollbackRequest(
            result.GetValue(deployment)!, result.GetValue(to), result.GetValue(environment)!, DeployerLocator.RequestedBy, result.GetValue(reason)), CliJson.Default.RollbackRequest, result.GetValue(deployment)!, result.InvocationConfiguration.Output, cancellationToken));
        return command;
    }

    private static async Task<int> SendAsync<T>(
        string environment, string? url, string? token, string path, T body, JsonTypeInfo<T> type, string deployment, TextWriter output, CancellationToken cancellationToken)
    {
        using var client = await DeployerLocator.ConnectAsync(environment, url, cancellationToken, token);
        var (status, answer) = await client.PostJsonAsync(path, body, type, cancellationToken);
        var message = answer.TryGetProperty("message", out var text) ? text.GetString() : null;
        await output.WriteLineAsync(message ?? $"the deployer answered {status}");
        if (status == 202)
        {
            await output.WriteLineAsync($"Follow it with: platform history {deployment} --env {environment}");
        }

        return ExitCodes.Success;
    }
}

/// <summary>What <c>POST /api/promotions</c> of the deployer takes.</summary>
public sealed record PromotionRequest(string Deployment, string? Digest, string Environment, string RequestedBy);

/// <summary>What <c>POST /api/rollbacks</c> of the deployer takes.</summary>
public sealed record RollbackRequest(string Deployment, string? To, string Environment, string RequestedBy, string? Reason);
