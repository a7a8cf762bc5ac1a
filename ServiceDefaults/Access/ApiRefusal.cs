using Microsoft.AspNetCore.Http;

namespace Platform.ServiceDefaults.Access;

/// <summary>Why a call from outside this machine was refused, in words that say what to send or set; never with a token in them.</summary>
public sealed record ApiRefusal(int Status, string Title, string Detail, string Challenge)
{
    private const string Send = "send the header 'Authorization: Bearer <token>' with the service's Api:Token " +
        "(the platform command line: --token or PLATFORM_API_TOKEN)";

    public static ApiRefusal Of(HttpContext http, ApiOptions options)
    {
        var call = $"{http.Request.Method} {http.Request.Path} changes state and {Origin(http)}";
        var header = http.Request.Headers.Authorization.ToString();
        if (!options.HasToken)
        {
            return new(StatusCodes.Status403Forbidden, "This service takes calls that change state from this machine only",
                $"{call}; the service has no API token to accept it with: set the environment variable {ApiOptions.TokenVariable} " +
                "(configuration Api:Token; the AppHost's secret parameter api-token), then send it as 'Authorization: Bearer <token>'.", "");
        }

        if (header.Length == 0)
        {
            return new(StatusCodes.Status401Unauthorized, "An API token is required", $"{call}: {Send}.", $"{ApiToken.Scheme} realm=\"platform\"");
        }

        return ApiToken.FromHeader(header) is null
            ? new(StatusCodes.Status401Unauthorized, "The Authorization header is not a bearer token", $"{call}: {Send}.",
                $"{ApiToken.Scheme} realm=\"platform\", error=\"invalid_request\"")
            : new(StatusCodes.Status401Unauthorized, "The API token is wrong",
                $"{call}, and the bearer token sent is not this service's Api:Token: {Send}.",
                $"{ApiToken.Scheme} realm=\"platform\", error=\"invalid_token\"");
    }

    /// <summary>The caller's address as the connection gives it (after the forwarded-headers middleware, when that is on).</summary>
    public static string Caller(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "an unknown address";

    /// <summary>Where the call comes from, and why that is not this machine.</summary>
    private static string Origin(HttpContext http) =>
        !LocalRequest.IsLoopback(http.Connection.RemoteIpAddress) ? $"comes from {Caller(http)}, not from this machine"
        : !LocalRequest.IsFromThisMachine(http) ? "came through a proxy (it has Forwarded or X-Forwarded-For headers), so it does not count as this machine"
        : "comes from loopback, which this service does not trust (Api:OpenOnLoopback is false)";
}
