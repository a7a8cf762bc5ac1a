using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Platform.ServiceDefaults.Access;

/// <summary>
/// The rule of every service's HTTP API: reading is open; a call that changes state needs the API token (<see cref="ApiOptions"/>)
/// unless it comes from this machine. Webhooks are not in the API group: their senders sign them, each with its own secret.
/// </summary>
public static class ApiAccess
{
    public const string Policy = "api-caller";

    /// <summary>The settings (checked at start), the bearer-token scheme and the policy; every service has them (<see cref="Extensions.AddServiceDefaults"/>).</summary>
    public static TBuilder AddApiAccess<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, ApiTokenHandler>(ApiTokenHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy
            .AddAuthenticationSchemes(ApiTokenHandler.SchemeName)
            .AddRequirements(new ApiCallerRequirement()));
        builder.Services.AddSingleton<IAuthorizationHandler, ApiCallerHandler>();
        builder.Services.TryAddTransient<ApiTokenHeader>();
        return builder;
    }

    /// <summary>
    /// The group a service maps its API in: every endpoint of it that changes state (any method but GET, HEAD and OPTIONS, or any
    /// method at all) gets the policy, so a new one is protected without anyone remembering to.
    /// </summary>
    public static RouteGroupBuilder MapApi(this IEndpointRouteBuilder endpoints)
    {
        var settings = endpoints.ServiceProvider.GetRequiredService<IOptionsMonitor<ApiOptions>>().CurrentValue;
        endpoints.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ApiAccess)).LogInformation(
            "API calls that change state: {Rule}",
            (settings.HasToken, settings.OpenOnLoopback) switch
            {
                (true, true) => "from this machine, or with the API token from elsewhere",
                (true, false) => "with the API token only (Api:OpenOnLoopback is false)",
                (false, true) => $"from this machine only (set {ApiOptions.TokenVariable} to accept them from elsewhere with a token)",
                (false, false) => $"from nowhere (Api:OpenOnLoopback is false and {ApiOptions.TokenVariable} is not set)",
            });
        var group = endpoints.MapGroup("");
        ((IEndpointConventionBuilder)group).Add(endpoint =>
        {
            var methods = endpoint.Metadata.OfType<IHttpMethodMetadata>().LastOrDefault()?.HttpMethods;
            if (methods is null || methods.Count == 0 || methods.Any(ChangesState))
            {
                endpoint.Metadata.Add(new AuthorizeAttribute(Policy));
            }
        });
        return group;
    }

    /// <summary>Sends the API token on the client's calls that change state (<see cref="ApiTokenHeader"/>).</summary>
    public static IHttpClientBuilder AddApiToken(this IHttpClientBuilder client)
    {
        client.Services.TryAddTransient<ApiTokenHeader>();
        return client.AddHttpMessageHandler<ApiTokenHeader>();
    }

    public static bool ChangesState(string method) => !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method));
}
