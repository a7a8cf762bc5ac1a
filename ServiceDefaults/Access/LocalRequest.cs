using System.Net;
using Microsoft.AspNetCore.Http;

namespace Platform.ServiceDefaults.Access;

/// <summary>Whether a request comes from this machine: a loopback connection that went through no proxy.</summary>
public static class LocalRequest
{
    /// <summary>
    /// Headers of a request that came through a proxy or says it did. With <c>ASPNETCORE_FORWARDEDHEADERS_ENABLED=true</c> (Aspire's
    /// manifest sets it) the forwarded-headers middleware trusts every sender: <c>X-Forwarded-For: 127.0.0.1</c> from anywhere becomes
    /// <c>RemoteIpAddress</c> 127.0.0.1, and the middleware keeps the real address in <c>X-Original-For</c>. Any of them means "not local".
    /// </summary>
    private static readonly string[] ProxyHeaders = ["Forwarded", "X-Forwarded-For", "X-Original-For"];

    public static bool IsFromThisMachine(HttpContext http) =>
        IsLoopback(http.Connection.RemoteIpAddress) && !ProxyHeaders.Any(http.Request.Headers.ContainsKey);

    /// <summary>127.0.0.0/8 or ::1 (also as an IPv4-mapped IPv6 address). An unknown address (an in-memory test server) is not loopback.</summary>
    public static bool IsLoopback(IPAddress? address) =>
        address is not null && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
}
