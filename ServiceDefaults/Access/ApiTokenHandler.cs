using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Platform.ServiceDefaults.Access;

/// <summary>
/// The authentication scheme of API callers: <c>Authorization: Bearer &lt;Api:Token&gt;</c>. A refusal is a JSON problem that says what
/// is missing: 401 without the token or with a wrong one, 403 when the service has no token to compare with.
/// </summary>
public sealed class ApiTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemes, ILoggerFactory loggers, UrlEncoder encoder, IOptionsMonitor<ApiOptions> api)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemes, loggers, encoder)
{
    public const string SchemeName = "ApiToken";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (header.Length == 0)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var settings = api.CurrentValue;
        if (ApiToken.FromHeader(header) is not { } token)
        {
            return Task.FromResult(AuthenticateResult.Fail("the Authorization header is not 'Bearer <token>'"));
        }

        if (!settings.HasToken || !ApiToken.Matches(token, settings.Token!))
        {
            return Task.FromResult(AuthenticateResult.Fail(settings.HasToken ? "the API token is wrong" : "this service has no API token"));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "API token")], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var refusal = ApiRefusal.Of(Context, api.CurrentValue);
        Logger.LogWarning(
            "Refused {Method} {Path} from {Address}: {Reason}",
            Request.Method, Request.Path.Value, ApiRefusal.Caller(Context), refusal.Title);
        if (refusal.Status == StatusCodes.Status401Unauthorized)
        {
            Response.Headers[HeaderNames.WWWAuthenticate] = refusal.Challenge;
        }

        await TypedResults.Problem(refusal.Detail, statusCode: refusal.Status, title: refusal.Title).ExecuteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        TypedResults.Problem("the API token was accepted, but this call is not allowed with it", statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(Context);
}
