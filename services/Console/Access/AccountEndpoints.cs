using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Platform.Console.Access;

public static class AccountEndpoints
{
    /// <summary>
    /// <c>POST /account/login</c> (form: password, returnUrl) signs in with the console password; <c>POST /account/logout</c> signs out;
    /// <c>GET /account/oidc?returnUrl=</c> goes to the team's identity provider. The form posts carry the anti-forgery token.
    /// </summary>
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/account/login", async ([FromForm] string? password, [FromForm] string? returnUrl, PasswordCheck check, HttpContext http, ILogger<PasswordCheck> logger) =>
        {
            var target = LocalOnly(returnUrl);
            if (!check.Matches(password))
            {
                logger.LogWarning("A sign-in with a wrong password from {Address} was refused", http.Connection.RemoteIpAddress);
                // A wrong guess costs time: a password cannot be tried quickly from a form.
                await Task.Delay(TimeSpan.FromMilliseconds(500), http.RequestAborted);
                return Results.Redirect($"/login?failed=true&returnUrl={Uri.EscapeDataString(target)}");
            }

            var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "console user"), new Claim("amr", "pwd")], CookieAuthenticationDefaults.AuthenticationScheme);
            await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
            logger.LogInformation("Signed in with the console password from {Address}", http.Connection.RemoteIpAddress);
            return Results.LocalRedirect(target);
        }).AllowAnonymous();

        // A form field bound makes the framework check the anti-forgery token, as for the sign-in.
        endpoints.MapPost("/account/logout", async ([FromForm] string? returnUrl, HttpContext http) =>
        {
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.LocalRedirect(LocalOnly(returnUrl));
        }).AllowAnonymous();

        endpoints.MapGet("/account/oidc", (string? returnUrl, IOptions<ConsoleOptions> options) =>
            options.Value.Oidc.Enabled
                ? Results.Challenge(new AuthenticationProperties { RedirectUri = LocalOnly(returnUrl) }, [OpenIdConnectDefaults.AuthenticationScheme])
                : Results.NotFound()).AllowAnonymous();
        return endpoints;
    }

    /// <summary>Only a path of this site: never another host (<c>//evil.example</c>, <c>/\evil.example</c>).</summary>
    public static string LocalOnly(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) ? url : "/";
}
