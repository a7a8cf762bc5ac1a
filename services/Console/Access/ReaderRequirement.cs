using System.Net;
using Microsoft.AspNetCore.Authorization;

namespace Platform.Console.Access;

/// <summary>Reading the console: a signed-in person, or (when <paramref name="OpenOnLoopback"/>) any request from this machine.</summary>
public sealed record ReaderRequirement(bool OpenOnLoopback) : IAuthorizationRequirement;

public sealed class ReaderHandler : AuthorizationHandler<ReaderRequirement>
{
    /// <summary>Headers of a request that came through a proxy (or says it did): the ones the forwarded-headers middleware reads or leaves.</summary>
    private static readonly string[] ProxyHeaders = ["Forwarded", "X-Forwarded-For", "X-Original-For"];

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ReaderRequirement requirement)
    {
        if (context.User.Identity?.IsAuthenticated == true
            || (requirement.OpenOnLoopback && context.Resource is HttpContext http && IsFromThisMachine(http)))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// From loopback and through no proxy: with ASPNETCORE_FORWARDEDHEADERS_ENABLED (as Aspire's manifest sets it) any client could
    /// claim <c>X-Forwarded-For: 127.0.0.1</c>, so a forwarded request never counts as this machine.
    /// </summary>
    public static bool IsFromThisMachine(HttpContext http) =>
        IsLoopback(http.Connection.RemoteIpAddress) && !ProxyHeaders.Any(http.Request.Headers.ContainsKey);

    /// <summary>An unknown address (an in-memory test server, a proxy that hides it) is not loopback.</summary>
    public static bool IsLoopback(IPAddress? address) => address is not null && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
}
