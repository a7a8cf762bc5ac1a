using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Platform.Registry.Http;

/// <summary>
/// Answers a registry's 401 challenge once per request: <c>Bearer</c> by fetching a token from the realm
/// (anonymously, or with the registry's user name and password from <see cref="RegistryOptions"/>), <c>Basic</c>
/// with those credentials. Tokens are kept per registry and repository until they expire and sent
/// with the next request at once. A configured <see cref="RegistryHostOptions.Token"/> is sent as it is.
/// Credentials and tokens are never logged or put in an error message.
/// </summary>
public sealed class RegistryAuthenticationHandler(IOptions<RegistryOptions> options, RegistryTokenCache cache, TimeProvider time) : DelegatingHandler
{
    private static readonly TimeSpan DefaultTokenLifetime = TimeSpan.FromSeconds(60);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var authority = request.RequestUri!.Authority;
        var settings = options.Value.For(authority);
        if (request.Headers.Authorization is not null)
        {
            return await base.SendAsync(request, cancellationToken);
        }

        if (settings.Token is { Length: > 0 } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return await base.SendAsync(request, cancellationToken);
        }

        var scope = ScopeOf(request);
        request.Headers.Authorization = Cached(authority, scope) ?? (cache.BasicHosts.ContainsKey(authority) ? Basic(settings) : null);
        if (request.Content is not null)
        {
            await request.Content.LoadIntoBufferAsync(cancellationToken);
        }

        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Unauthorized || AuthenticationChallenge.From(response.Headers.WwwAuthenticate) is not { } challenge)
        {
            return response;
        }

        AuthenticationHeaderValue? answer = null;
        if (challenge.IsBearer)
        {
            answer = await FetchTokenAsync(request, challenge, settings, scope, cancellationToken);
        }
        else if (challenge.IsBasic && Basic(settings) is { } basic)
        {
            cache.BasicHosts[authority] = true;
            answer = basic;
        }

        if (answer is null)
        {
            return response;
        }

        response.Dispose();
        var retry = RequestCopy.Of(request);
        retry.Headers.Authorization = answer;
        return await base.SendAsync(retry, cancellationToken);
    }

    private async Task<AuthenticationHeaderValue> FetchTokenAsync(
        HttpRequestMessage request, AuthenticationChallenge challenge, RegistryHostOptions settings, string? scope, CancellationToken cancellationToken)
    {
        var what = RequestCopy.Describe(request);
        if (challenge.Realm is not { } realmText || !Uri.TryCreate(realmText, UriKind.Absolute, out var realm) || realm.Scheme is not ("https" or "http"))
        {
            throw new RegistryException($"{what} asked for a bearer token without a usable realm ('{challenge.Realm}')", 401);
        }

        if (realm.Scheme == "http" && !RegistryEndpoints.IsLoopback(realm.Authority) && !settings.Insecure)
        {
            throw new RegistryException($"{what} sends to a token service over plain http ({realm.Authority}); set Registries:<n>:Insecure for it to allow that", 401);
        }

        var query = new List<string>();
        if (challenge.Service is { } service)
        {
            query.Add("service=" + Uri.EscapeDataString(service));
        }

        // The challenge's scope wins: a cross-repository mount asks for two.
        foreach (var each in (challenge.Scope ?? scope ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            query.Add("scope=" + Uri.EscapeDataString(each));
        }

        var builder = new UriBuilder(realm) { Query = string.Join('&', new[] { realm.Query.TrimStart('?') }.Where(q => q.Length > 0).Concat(query)) };
        using var tokenRequest = new HttpRequestMessage(HttpMethod.Get, builder.Uri);
        tokenRequest.Headers.Authorization = Basic(settings);
        using var response = await base.SendAsync(tokenRequest, cancellationToken);
        var who = settings.Username is { Length: > 0 } ? "with the configured credentials" : "anonymously";
        if (!response.IsSuccessStatusCode)
        {
            throw new RegistryException(
                $"{what}: its token service {realm.Authority} answered {(int)response.StatusCode} {response.ReasonPhrase} when asked {who}" +
                (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden ? " (credentials missing or wrong?)" : ""),
                (int)response.StatusCode);
        }

        string? token;
        int? expiresIn;
        try
        {
            using var document = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(cancellationToken));
            var root = document.RootElement;
            token = (root.TryGetProperty("token", out var t) ? t.GetString() : null)
                ?? (root.TryGetProperty("access_token", out var a) ? a.GetString() : null);
            expiresIn = root.TryGetProperty("expires_in", out var e) && e.TryGetInt32(out var seconds) ? seconds : null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new RegistryException($"{what}: its token service {realm.Authority} answered something that is not a token document", null, e);
        }

        if (string.IsNullOrEmpty(token))
        {
            throw new RegistryException($"{what}: its token service {realm.Authority} answered without a token", null);
        }

        var header = new AuthenticationHeaderValue("Bearer", token);
        var lifetime = expiresIn is > 0 ? TimeSpan.FromSeconds(expiresIn.Value) : DefaultTokenLifetime;
        if (scope is not null)
        {
            // Renewed a little before it runs out, so that no request is sent with a token that expires on the way.
            cache.Tokens[(request.RequestUri!.Authority, scope)] = (header, time.GetUtcNow() + (lifetime * 0.9));
        }

        return header;
    }

    private AuthenticationHeaderValue? Cached(string authority, string? scope) =>
        scope is not null && cache.Tokens.TryGetValue((authority, scope), out var cached) && cached.Expires > time.GetUtcNow() ? cached.Header : null;

    private static AuthenticationHeaderValue? Basic(RegistryHostOptions settings) =>
        settings.Username is { Length: > 0 } user && settings.Password is { } password
            ? new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")))
            : null;

    /// <summary>"repository:team/app:pull" for reads, "repository:team/app:pull,push" for writes.</summary>
    private static string? ScopeOf(HttpRequestMessage request) =>
        RequestCopy.RepositoryOf(request.RequestUri) is { } repository
            ? $"repository:{repository}:" + (request.Method == HttpMethod.Get || request.Method == HttpMethod.Head ? "pull" : "pull,push")
            : null;
}
