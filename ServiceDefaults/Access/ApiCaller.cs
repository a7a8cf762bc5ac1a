using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Platform.ServiceDefaults.Access;

/// <summary>A caller allowed to change state: one that sent the API token, or (unless <see cref="ApiOptions.OpenOnLoopback"/> is false) this machine.</summary>
public sealed class ApiCallerRequirement : IAuthorizationRequirement;

public sealed class ApiCallerHandler(IOptionsMonitor<ApiOptions> api) : AuthorizationHandler<ApiCallerRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ApiCallerRequirement requirement)
    {
        if (context.User.Identities.Any(i => i.IsAuthenticated && i.AuthenticationType == ApiTokenHandler.SchemeName)
            || (api.CurrentValue.OpenOnLoopback && context.Resource is HttpContext http && LocalRequest.IsFromThisMachine(http)))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
