using System.Net;
using Microsoft.Extensions.Options;

namespace Platform.Registry;

/// <summary>Where a registry's API answers: https, plain http only on loopback or when configured insecure, or its mirror.</summary>
/// <param name="BaseUri">The API's address, for example https://registry-1.docker.io/.</param>
/// <param name="Host">The registry as announcements name it: its API host (<c>registry-1.docker.io</c>) or the mirror's host and port.</param>
public sealed record RegistryEndpoint(Uri BaseUri, string Host);

/// <summary>Resolves registries as references write them to the address Platform talks to.</summary>
public sealed class RegistryEndpoints(IOptions<RegistryOptions> options, PlatformRegistry platform)
{
    public PlatformRegistry Platform => platform;

    public RegistryEndpoint Resolve(string registry)
    {
        if (string.Equals(registry, platform.Host, StringComparison.OrdinalIgnoreCase))
        {
            return new RegistryEndpoint(platform.BaseUri, platform.Host);
        }

        var settings = options.Value.For(registry);
        if (settings.Mirror is { } mirror)
        {
            var mirrorBase = new Uri(mirror.GetLeftPart(UriPartial.Authority) + "/");
            return new RegistryEndpoint(mirrorBase, mirrorBase.IsDefaultPort ? mirrorBase.Host : mirrorBase.Authority);
        }

        var host = ImageReference.ApiHostOf(registry);
        var scheme = IsLoopback(host) || settings.Insecure ? "http" : "https";
        return new RegistryEndpoint(new Uri($"{scheme}://{host}/"), host);
    }

    /// <summary>localhost, 127.0.0.0/8 or ::1, with or without a port.</summary>
    public static bool IsLoopback(string hostAndPort)
    {
        var host = Uri.TryCreate("http://" + hostAndPort, UriKind.Absolute, out var uri) ? uri.Host : hostAndPort;
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
    }
}
