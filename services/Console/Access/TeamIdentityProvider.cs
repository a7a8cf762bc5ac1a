using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;

namespace Platform.Console.Access;

public static class TeamIdentityProvider
{
    /// <summary>
    /// OpenID Connect (authorization code with PKCE) against the team's provider, from <c>Console:Oidc</c> settings only;
    /// the session is the console's own cookie afterwards. <c>Console:Oidc:RequiredClaim</c> (<c>type=value</c>) narrows who may sign in.
    /// </summary>
    public static AuthenticationBuilder AddTeamIdentityProvider(this AuthenticationBuilder authentication, OidcOptions settings) =>
        authentication.AddOpenIdConnect(OpenIdConnectDefaults.AuthenticationScheme, settings.DisplayName, oidc =>
        {
            oidc.Authority = settings.Authority;
            oidc.ClientId = settings.ClientId;
            oidc.ClientSecret = settings.ClientSecret;
            oidc.ResponseType = "code";
            oidc.UsePkce = true;
            oidc.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
            oidc.CallbackPath = "/signin-oidc";
            oidc.SignedOutCallbackPath = "/signout-callback-oidc";
            oidc.Scope.Clear();
            oidc.Scope.Add("openid");
            oidc.Scope.Add("profile");
            oidc.GetClaimsFromUserInfoEndpoint = true;
            oidc.MapInboundClaims = false;
            oidc.TokenValidationParameters.NameClaimType = "name";
            // Plain http only for a provider on this machine (a local test provider); anywhere else it must be https.
            oidc.RequireHttpsMetadata = !(Uri.TryCreate(settings.Authority, UriKind.Absolute, out var authority) && authority.IsLoopback);
            if (settings.RequiredClaim is { Length: > 0 } required && required.Split('=', 2) is [var type, var value])
            {
                oidc.Events.OnTokenValidated = context =>
                {
                    if (context.Principal?.HasClaim(type, value) != true)
                    {
                        context.Fail($"the identity provider's answer has no claim {type}={value}");
                    }

                    return Task.CompletedTask;
                };
            }
        });
}
