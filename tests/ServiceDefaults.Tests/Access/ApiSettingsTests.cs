using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Platform.ServiceDefaults.Access;

namespace Platform.ServiceDefaults.Tests.Access;

/// <summary>Api:Token is checked at start and named, never shown; the console's client sends it on calls that change state only.</summary>
public sealed class ApiSettingsTests
{
    [Theory]
    [InlineData("short-token")]
    [InlineData("a token with spaces in it")]
    [InlineData("tab\tseparated-0123456789")]
    public async Task A_token_too_short_or_with_spaces_stops_the_start_naming_the_setting_and_not_the_value(string token)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Api:Token"] = token });
        builder.AddApiAccess();
        await using var app = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync(new CancellationTokenSource(ApiServer.Timeout).Token));

        Assert.Contains("Api:Token", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(token, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("POST", true)]
    [InlineData("PUT", true)]
    [InlineData("DELETE", true)]
    [InlineData("PATCH", true)]
    [InlineData("GET", false)]
    [InlineData("HEAD", false)]
    [InlineData("OPTIONS", false)]
    public async Task The_client_handler_sends_the_token_on_calls_that_change_state_and_never_on_reads(string method, bool sent)
    {
        using var handler = new ApiTokenHeader(new StaticMonitor(new ApiOptions { Token = "tok-0123456789abcdef" }))
        {
            InnerHandler = new Recorder(),
        };
        using var http = new HttpClient(handler) { BaseAddress = new Uri("http://builder") };

        using var response = await http.SendAsync(new HttpRequestMessage(new HttpMethod(method), "/api/commits/check"));

        Assert.Equal(sent ? "Bearer tok-0123456789abcdef" : "", response.RequestMessage!.Headers.Authorization?.ToString() ?? "");
    }

    [Fact]
    public async Task The_client_handler_sends_nothing_without_a_token()
    {
        using var handler = new ApiTokenHeader(new StaticMonitor(new ApiOptions())) { InnerHandler = new Recorder() };
        using var http = new HttpClient(handler) { BaseAddress = new Uri("http://builder") };

        using var response = await http.PostAsync("/api/commits/check", null);

        Assert.Null(response.RequestMessage!.Headers.Authorization);
    }

    /// <summary>Answers every request at once with the request attached: the handler's effect is what is checked here, not a server.</summary>
    private sealed class Recorder : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK) { RequestMessage = request });
    }

    private sealed class StaticMonitor(ApiOptions value) : IOptionsMonitor<ApiOptions>
    {
        public ApiOptions CurrentValue => value;

        public ApiOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<ApiOptions, string?> listener) => null;
    }
}
