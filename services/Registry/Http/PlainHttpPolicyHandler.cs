using Microsoft.Extensions.Options;

namespace Platform.Registry.Http;

/// <summary>Plain http only to loopback, to the platform registry as its connection string gives it, or to a registry configured as insecure.</summary>
public sealed class PlainHttpPolicyHandler(IOptions<RegistryOptions> options, PlatformRegistry platform) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri!;
        if (uri.Scheme == Uri.UriSchemeHttp
            && !RegistryEndpoints.IsLoopback(uri.Authority)
            && !string.Equals(uri.Authority, platform.BaseUri.Authority, StringComparison.OrdinalIgnoreCase)
            && !options.Value.For(uri.Authority).Insecure)
        {
            throw new RegistryException(
                $"{RequestCopy.Describe(request)}: plain http is refused for a registry that is not on loopback; " +
                $"use https, or list it in {RegistryOptions.Section} with Insecure=true");
        }

        return base.SendAsync(request, cancellationToken);
    }
}
