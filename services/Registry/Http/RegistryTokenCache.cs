using System.Collections.Concurrent;
using System.Net.Http.Headers;

namespace Platform.Registry.Http;

/// <summary>Bearer tokens per registry and scope, and the registries that take basic auth, kept for the life of the process (handlers are recycled).</summary>
public sealed class RegistryTokenCache
{
    internal ConcurrentDictionary<(string Authority, string Scope), (AuthenticationHeaderValue Header, DateTimeOffset Expires)> Tokens { get; } = new();

    internal ConcurrentDictionary<string, bool> BasicHosts { get; } = new(StringComparer.OrdinalIgnoreCase);
}
