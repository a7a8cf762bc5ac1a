using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;

namespace Platform.Console.Access;

/// <summary>
/// Who may do what: reading is open to requests from this machine (loopback) unless <c>Console:OpenOnLoopback</c> is false,
/// and needs a sign-in from anywhere else; every action needs a sign-in (the password, or OpenID Connect when configured).
/// </summary>
public static class ConsoleAccess
{
    public const string ReaderPolicy = "reader";
    public const string CookieName = "platform-console";

    public static WebApplicationBuilder AddConsoleAccess(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ConsoleOptions>().BindConfiguration(ConsoleOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var options = builder.Configuration.GetSection(ConsoleOptions.Section).Get<ConsoleOptions>() ?? new ConsoleOptions();
        var authentication = builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(cookie =>
            {
                cookie.LoginPath = "/login";
                cookie.AccessDeniedPath = "/login";
                cookie.Cookie.Name = CookieName;
                cookie.Cookie.HttpOnly = true;
                // Lax, not Strict: the identity provider's redirect back is a cross-site navigation.
                cookie.Cookie.SameSite = SameSiteMode.Lax;
                cookie.ExpireTimeSpan = options.SessionLifetime;
                cookie.SlidingExpiration = true;
            });
        if (options.Oidc.Enabled)
        {
            authentication.AddTeamIdentityProvider(options.Oidc);
        }

        builder.Services.AddAuthorization(authorization =>
            authorization.AddPolicy(ReaderPolicy, policy => policy.AddRequirements(new ReaderRequirement(options.OpenOnLoopback))));
        builder.Services.AddSingleton<IAuthorizationHandler, ReaderHandler>();
        builder.Services.AddSingleton<PasswordCheck>();
        builder.Services.AddCascadingAuthenticationState();
        return builder;
    }

    public static WebApplication UseConsoleAccess(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        return app;
    }
}
