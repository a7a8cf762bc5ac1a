using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace Platform.ServiceDefaults.Access;

/// <summary>
/// For a service that calls another's API (the console): <c>Authorization: Bearer &lt;Api:Token&gt;</c> on every request that may change
/// state (any method but GET, HEAD, OPTIONS), none on reads, and none when no token is set.
/// </summary>
public sealed class ApiTokenHeader(IOptionsMonitor<ApiOptions> api) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (api.CurrentValue is { HasToken: true } settings && ApiAccess.ChangesState(request.Method.Method) && request.Headers.Authorization is null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue(ApiToken.Scheme, settings.Token);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
