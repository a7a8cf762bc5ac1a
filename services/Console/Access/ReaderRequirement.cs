using System.Net;
using Microsoft.AspNetCore.Authorization;
using Platform.ServiceDefaults.Access;

namespace Platform.Console.Access;

/// <summary>Reading the console: a signed-in person, or (when <paramref name="OpenOnLoopback"/>) any request from this machine.</summary>
public sealed record ReaderRequirement(bool OpenOnLoopback) : IAuthorizationRequirement;

public sealed class ReaderHandler : AuthorizationHandler<ReaderRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ReaderRequirement requirement)
    {
        if (context.User.Identity?.IsAuthenticated == true
            || (requirement.OpenOnLoopback && context.Resource is HttpContext http && IsFromThisMachine(http)))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }

    /// <summary>From loopback and through no proxy (the rule the services' API shares: <see cref="LocalRequest"/>).</summary>
    public static bool IsFromThisMachine(HttpContext http) => LocalRequest.IsFromThisMachine(http);

    /// <summary>An unknown address (an in-memory test server, a proxy that hides it) is not loopback.</summary>
    public static bool IsLoopback(IPAddress? address) => LocalRequest.IsLoopback(address);
}
