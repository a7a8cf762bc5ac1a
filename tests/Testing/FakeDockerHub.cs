using System.Text;
using Microsoft.AspNetCore.Http;

namespace Platform.Testing;

/// <summary>
/// A fake of Docker Hub, which cannot be reached here: its registry answers 401 with a Bearer challenge
/// pointing at its token service (<c>/token</c>, as auth.docker.io), which hands out a token (anonymously, or
/// for the right user and password), and the registry then answers HEADs of the manifests it holds.
/// </summary>
public sealed class FakeDockerHub : IAsyncDisposable
{
    public const string Service = "registry.docker.io";
    private readonly ScriptedRegistry server;
    private readonly Dictionary<string, string> digests = new(StringComparer.Ordinal);

    private FakeDockerHub(ScriptedRegistry server)
    {
        this.server = server;
        server.Answer = AnswerAsync;
    }

    public string Host => server.Host;

    public ScriptedRegistry Server => server;

    /// <summary>When set, the token service wants these credentials (basic auth) and refuses anonymous requests.</summary>
    public (string User, string Password)? Credentials { get; set; }

    public int TokensIssued { get; private set; }

    public static async Task<FakeDockerHub> StartAsync() => new(await ScriptedRegistry.StartAsync());

    /// <summary>Makes <c>repository:tag</c> point at <paramref name="digest"/>.</summary>
    public void Set(string repository, string tag, string digest)
    {
        lock (digests)
        {
            digests[$"{repository}:{tag}"] = digest;
        }
    }

    private async Task AnswerAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        if (path == "/token")
        {
            await IssueTokenAsync(context);
            return;
        }

        var marker = path.IndexOf("/manifests/", StringComparison.Ordinal);
        if (!path.StartsWith("/v2/", StringComparison.Ordinal) || marker < 0)
        {
            context.Response.StatusCode = 404;
            return;
        }

        var repository = path[4..marker];
        var tag = path[(marker + "/manifests/".Length)..];
        if (context.Request.Headers.Authorization.ToString() != $"Bearer token-for-{repository}")
        {
            context.Response.StatusCode = 401;
            context.Response.Headers.WWWAuthenticate =
                $"Bearer realm=\"http://{Host}/token\",service=\"{Service}\",scope=\"repository:{repository}:pull\"";
            return;
        }

        string? digest;
        lock (digests)
        {
            digest = digests.GetValueOrDefault($"{repository}:{tag}");
        }

        if (digest is null)
        {
            context.Response.StatusCode = 404;
            return;
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/vnd.oci.image.index.v1+json";
        context.Response.Headers["Docker-Content-Digest"] = digest;
        context.Response.Headers["RateLimit-Remaining"] = "99;w=21600";
    }

    private async Task IssueTokenAsync(HttpContext context)
    {
        var scope = context.Request.Query["scope"].ToString();
        if (Credentials is { } wanted)
        {
            var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{wanted.User}:{wanted.Password}"));
            if (context.Request.Headers.Authorization.ToString() != expected)
            {
                context.Response.StatusCode = 401;
                return;
            }
        }

        if (context.Request.Query["service"] != Service || !scope.StartsWith("repository:", StringComparison.Ordinal))
        {
            context.Response.StatusCode = 400;
            return;
        }

        TokensIssued++;
        var repository = scope.Split(':')[1];
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync($$"""{"token":"token-for-{{repository}}","expires_in":300}""");
    }

    public ValueTask DisposeAsync() => server.DisposeAsync();
}
