using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.ServiceDefaults.Access;

namespace Platform.ServiceDefaults.Tests.Access;

/// <summary>
/// The services' API rule over real HTTP: from outside loopback a call that changes state needs the API token; from this machine
/// it does not; reads and webhooks are as before; a forwarded header does not make a remote caller this machine.
/// </summary>
public sealed class ApiAccessTests
{
    private const string Token = "tok-0123456789abcdef0123456789abcdef";

    private static readonly Dictionary<string, string?> WithToken = new() { ["Api:Token"] = Token };

    [Fact]
    public async Task From_outside_loopback_a_call_that_changes_state_without_the_token_is_refused_with_a_problem_that_says_what_to_send()
    {
        await using var server = await ApiServer.StartAsync(WithToken);

        var (status, problem, response) = await PostAsync(server.Remote, "/api/things/touch");

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("An API token is required", problem.GetProperty("title").GetString());
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains("Authorization: Bearer <token>", detail, StringComparison.Ordinal);
        Assert.Contains($"comes from {server.Remote.Host}", detail, StringComparison.Ordinal);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.DoesNotContain(Token, problem.GetRawText(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Bearer wrong-token-0123456789", "The API token is wrong")]
    [InlineData("Bearer " + Token + "x", "The API token is wrong")]
    [InlineData("Basic " + Token, "The Authorization header is not a bearer token")]
    [InlineData(Token, "The Authorization header is not a bearer token")]
    public async Task From_outside_loopback_a_wrong_token_is_refused_and_the_answer_and_the_log_never_show_a_token(string authorization, string title)
    {
        await using var server = await ApiServer.StartAsync(WithToken);

        var (status, problem, _) = await PostAsync(server.Remote, "/api/things/touch", authorization);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal(title, problem.GetProperty("title").GetString());
        Assert.DoesNotContain(Token, problem.GetRawText(), StringComparison.Ordinal);
        var refusal = Assert.Single(server.Logs.Lines, l => l.Level == LogLevel.Warning && l.Message.StartsWith("Refused POST /api/things/touch", StringComparison.Ordinal));
        Assert.Contains(server.Remote.Host, refusal.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(server.Logs.Lines, l => l.Message.Contains(Token, StringComparison.Ordinal) || l.Message.Contains("wrong-token", StringComparison.Ordinal));
    }

    [Fact]
    public async Task From_outside_loopback_the_right_token_is_accepted_on_every_kind_of_call_that_changes_state()
    {
        await using var server = await ApiServer.StartAsync(WithToken);
        var bearer = $"Bearer {Token}";

        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(server.Remote, "/api/things/touch", bearer)).Status);
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(server.Remote, "/api/things/run?job=nightly", $"bearer {Token}")).Status);
        Assert.Equal(HttpStatusCode.NoContent, await SendAsync(HttpMethod.Delete, server.Remote, "/api/things/7", bearer));
        Assert.Equal(HttpStatusCode.OK, await SendAsync(HttpMethod.Put, server.Remote, "/api/things/any", bearer));
        Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync(HttpMethod.Delete, server.Remote, "/api/things/7", null));
        Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync(HttpMethod.Put, server.Remote, "/api/things/any", null));
    }

    [Fact]
    public async Task The_token_is_checked_before_the_request_is_read_so_a_refused_call_learns_nothing_of_its_parameters()
    {
        await using var server = await ApiServer.StartAsync(WithToken);

        // Without ?job= the endpoint itself would answer 400; the refusal comes first.
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(server.Remote, "/api/things/run")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(server.Remote, "/api/things/run", $"Bearer {Token}")).Status);
    }

    [Fact]
    public async Task From_loopback_a_call_that_changes_state_needs_no_token()
    {
        await using var server = await ApiServer.StartAsync(WithToken);

        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(server.Local, "/api/things/touch")).Status);
        Assert.Equal(HttpStatusCode.NoContent, await SendAsync(HttpMethod.Delete, server.Local, "/api/things/7", null));
    }

    [Theory]
    [InlineData("X-Forwarded-For", "127.0.0.1")]
    [InlineData("X-Forwarded-For", "::1")]
    [InlineData("X-Forwarded-For", "203.0.113.9, 127.0.0.1")]
    [InlineData("Forwarded", "for=127.0.0.1")]
    [InlineData("X-Original-For", "127.0.0.1:5000")]
    public async Task A_remote_caller_that_claims_to_be_loopback_in_a_forwarded_header_still_needs_the_token(string header, string value)
    {
        await using var server = await ApiServer.StartAsync(WithToken);

        var (status, problem, _) = await PostAsync(server.Remote, "/api/things/touch", headers: (header, value));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("An API token is required", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task The_forwarded_headers_middleware_is_on_in_these_tests_and_does_rewrite_the_remote_address_so_the_spoof_is_real()
    {
        await using var server = await ApiServer.StartAsync(WithToken);
        using var http = new HttpClient { BaseAddress = server.Remote, Timeout = ApiServer.Timeout };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/things/seen");
        request.Headers.Add("X-Forwarded-For", "127.0.0.1");

        using var response = await http.SendAsync(request);
        using var seen = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        // The address the rule sees is the spoofed one; only the proxy headers betray it.
        Assert.Equal("127.0.0.1", seen.RootElement.GetProperty("remote").GetString());
    }

    [Fact]
    public async Task A_call_through_a_proxy_on_this_machine_is_not_this_machine_either()
    {
        await using var server = await ApiServer.StartAsync(WithToken);

        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(server.Local, "/api/things/touch", headers: ("X-Forwarded-For", "127.0.0.1"))).Status);
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(server.Local, "/api/things/touch", $"Bearer {Token}", ("X-Forwarded-For", "127.0.0.1"))).Status);
    }

    [Fact]
    public async Task Without_a_token_set_a_call_from_outside_loopback_is_forbidden_with_a_message_that_says_to_set_Api__Token_and_loopback_still_works()
    {
        await using var server = await ApiServer.StartAsync(new Dictionary<string, string?>());

        var (status, problem, _) = await PostAsync(server.Remote, "/api/things/touch", "Bearer anything-at-all-0123456789");

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("set the environment variable Api__Token", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(server.Local, "/api/things/touch")).Status);
    }

    [Fact]
    public async Task Reads_and_webhooks_answer_from_outside_loopback_without_the_token()
    {
        await using var server = await ApiServer.StartAsync(WithToken);
        using var http = new HttpClient { BaseAddress = server.Remote, Timeout = ApiServer.Timeout };

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/things/seen")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/things/any")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(server.Remote, "/api/webhooks/things")).Status);
    }

    [Fact]
    public async Task With_OpenOnLoopback_false_loopback_needs_the_token_too()
    {
        await using var server = await ApiServer.StartAsync(new Dictionary<string, string?>(WithToken) { ["Api:OpenOnLoopback"] = "false" });

        var (status, problem, _) = await PostAsync(server.Local, "/api/things/touch");

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Contains("Api:OpenOnLoopback is false", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(server.Local, "/api/things/touch", $"Bearer {Token}")).Status);
    }

    [Fact]
    public async Task A_client_with_AddApiToken_as_the_console_has_is_accepted_from_outside_loopback_and_sends_no_token_on_reads()
    {
        await using var server = await ApiServer.StartAsync(WithToken);
        var services = new ServiceCollection();
        services.AddOptions<ApiOptions>().Configure(api => api.Token = Token);
        services.AddHttpClient("builder", http => { http.BaseAddress = server.Remote; http.Timeout = ApiServer.Timeout; }).AddApiToken();
        await using var provider = services.BuildServiceProvider();
        var http = provider.GetRequiredService<IHttpClientFactory>().CreateClient("builder");

        using var action = await http.PostAsync("/api/things/touch", null);
        using var seen = JsonDocument.Parse(await http.GetStringAsync("/api/things/seen"));

        Assert.Equal(HttpStatusCode.Accepted, action.StatusCode);
        Assert.False(seen.RootElement.GetProperty("authorization").GetBoolean(), "a read carried the API token");
        Assert.Equal(server.Remote.Host, seen.RootElement.GetProperty("remote").GetString());
    }

    private static async Task<(HttpStatusCode Status, JsonElement Answer, HttpResponseMessage Response)> PostAsync(
        Uri server, string path, string? authorization = null, params (string Name, string Value)[] headers)
    {
        using var http = new HttpClient { BaseAddress = server, Timeout = ApiServer.Timeout };
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone(), response);
    }

    private static async Task<HttpStatusCode> SendAsync(HttpMethod method, Uri server, string path, string? authorization)
    {
        using var http = new HttpClient { BaseAddress = server, Timeout = ApiServer.Timeout };
        using var request = new HttpRequestMessage(method, path);
        if (authorization is not null)
        {
            request.Headers.Authorization = AuthenticationHeaderValue.Parse(authorization);
        }

        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }
}
