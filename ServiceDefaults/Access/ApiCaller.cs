using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Platform.ServiceDefaults.Access;

/// <summary>
/// A caller allowed to change state: one that sent the API token, or (unless <see cref="ApiOptions.OpenOnLoopback"/> is false) this machine.
/// A read (GET, HEAD, OPTIONS) passes as well: an endpoint that answers any method keeps its reads open.
/// </summary>
public sealed class ApiCallerRequirement : IAuthorizationRequirement;

public sealed class ApiCallerHandler(IOptionsMonitor<ApiOptions> api) : AuthorizationHandler<ApiCallerRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ApiCallerRequirement requirement)
    {
        var http = context.Resource as HttpContext;
        if (context.User.Identities.Any(i => i.IsAuthenticated && i.AuthenticationType == ApiTokenHandler.SchemeName)
            || (http is not null && !ApiAccess.ChangesState(http.Request.Method))
            || (api.CurrentValue.OpenOnLoopback && http is not null && LocalRequest.IsFromThisMachine(http)))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
