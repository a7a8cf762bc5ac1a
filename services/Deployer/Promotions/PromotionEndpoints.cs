using Microsoft.Extensions.Options;

namespace Platform.Deployer.Promotions;

public static class PromotionEndpoints
{
    /// <summary>
    /// <c>POST /api/promotions</c> <c>{ deployment, digest?, environment?, requestedBy? }</c> and <c>POST /api/rollbacks</c>
    /// <c>{ deployment, to?, environment?, requestedBy?, reason? }</c>: checked, written under their idempotency key and sent on the bus.
    /// 202 accepted, 200 nothing to do (the same command again, or already so), 404 no such deployment, 409 refused (with the reason),
    /// 503 the source environment or the broker could not be reached. A request for another environment than this deployer's is refused.
    /// </summary>
    public static IEndpointRouteBuilder MapPromotionEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/promotions", async (PromotionRequest request, PromotionCommands commands, IOptions<DeployerOptions> options, CancellationToken cancellationToken) =>
            await AnswerAsync(request.Deployment, request.Environment, request.Digest, options.Value.Environment,
                () => commands.PromoteAsync(request.Deployment!, request.Digest, request.RequestedBy ?? "the API", cancellationToken)));
        endpoints.MapPost("/api/rollbacks", async (RollbackRequest request, PromotionCommands commands, IOptions<DeployerOptions> options, CancellationToken cancellationToken) =>
            await AnswerAsync(request.Deployment, request.Environment, request.To, options.Value.Environment,
                () => commands.RollBackAsync(request.Deployment!, request.To, request.RequestedBy ?? "the API", request.Reason, cancellationToken)));
        return endpoints;
    }

    private static async Task<IResult> AnswerAsync(string? deployment, string? asked, string? digest, string environment, Func<Task<CommandAnswer>> run)
    {
        CommandAnswer answer;
        if (string.IsNullOrWhiteSpace(deployment))
        {
            answer = new CommandAnswer(CommandStatus.Refused, "name the deployment: { \"deployment\": \"status-api\" }");
        }
        else if (asked is not null && asked != environment)
        {
            answer = new CommandAnswer(CommandStatus.Refused, $"this is the deployer of {environment}, not of {asked}; nothing was deployed");
        }
        else if (digest is not null && !System.Text.RegularExpressions.Regex.IsMatch(digest, "^sha256:[0-9a-f]{64}$"))
        {
            answer = new CommandAnswer(CommandStatus.Refused, $"'{digest}' is not a digest (sha256: and 64 hexadecimal digits); nothing was deployed");
        }
        else
        {
            answer = await run();
        }

        return Results.Json(new
        {
            Environment = environment,
            Deployment = deployment,
            Status = answer.Status,
            answer.Message,
            answer.Key,
            answer.Digest,
        }, statusCode: answer.HttpStatus);
    }
}

public sealed record PromotionRequest(string? Deployment, string? Digest, string? Environment, string? RequestedBy);

public sealed record RollbackRequest(string? Deployment, string? To, string? Environment, string? RequestedBy, string? Reason);
