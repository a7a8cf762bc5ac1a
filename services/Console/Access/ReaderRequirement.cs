using System.Net;
using Microsoft.AspNetCore.Authorization;

namespace Platform.Console.Access;

/// <summary>Reading the console: a signed-in person, or (when <paramref name="OpenOnLoopback"/>) any request from this machine.</summary>
public sealed record ReaderRequirement(bool OpenOnLoopback) : IAuthorizationRequirement;

public sealed class ReaderHandler : AuthorizationHandler<ReaderRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ReaderRequirement requirement)
    {
        if (context.User.Identity?.IsAuthenticated == true
            || (requirement.OpenOnLoopback && context.Resource is HttpContext http && IsLoopback(http.Connection.RemoteIpAddress)))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }

    /// <summary>An unknown address (an in-memory test server, a proxy that hides it) is not loopback.</summary>
    public static bool IsLoopback(IPAddress? address) => address is not null && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
}
