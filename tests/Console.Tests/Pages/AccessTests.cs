using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Platform.Console.Tests.Environment;

namespace Platform.Console.Tests.Pages;

/// <summary>
/// The console's own Program hosted in-process (on the environment's broker and services): the in-memory test server
/// gives requests no remote address, which is what a request from another machine is to the rules: not loopback.
/// (<see cref="ConsoleOptions"/> names the console's assembly: the AppHost's Program is visible here too.)
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class AccessTests(ConsoleEnvironment environment)
{
    [Theory]
    [InlineData("/")]
    [InlineData("/images")]
    [InlineData("/watches")]
    [InlineData("/images/graph.svg")]
    [InlineData("/environment")]
    [InlineData("/log?image=a&commit=abcdef0&id=1")]
    public async Task From_another_machine_every_page_needs_a_sign_in(string path)
    {
        await using var console = await StartAsync();
        using var http = console.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var response = await http.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/login", response.Headers.Location?.PathAndQuery ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task From_another_machine_the_sign_in_page_the_health_check_and_the_styles_answer_and_the_live_circuit_does_not()
    {
        await using var console = await StartAsync();
        using var http = console.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/login")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/console.css")).StatusCode);
        var circuit = await http.PostAsync("/_blazor/negotiate?negotiateVersion=1", null);
        Assert.True(circuit.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Unauthorized,
            $"the Blazor circuit answered {(int)circuit.StatusCode} to a request that is not from loopback");
    }

    private async Task<WebApplicationFactory<ConsoleOptions>> StartAsync()
    {
        var messaging = await environment.ConnectionStringAsync("messaging");
        var factory = new WebApplicationFactory<ConsoleOptions>().WithWebHostBuilder(web =>
        {
            web.UseSetting("ConnectionStrings:messaging", messaging);
            web.UseSetting("Console:Password", environment.Password);
            foreach (var service in new[] { "builder", "registry-watcher", "deployer" })
            {
                web.UseSetting($"services:{service}:http:0", environment.App.GetEndpoint(service, "http").ToString());
            }
        });
        _ = factory.Server;
        return factory;
    }
}
