using static Platform.AppHost.Tests.ModelInspection;

namespace Platform.AppHost.Tests;

/// <summary>The console in the AppHost's model: what it references and waits for, its password, the builder's dashboard command.</summary>
public sealed class ConsoleModelTests
{
    [Fact]
    public async Task The_console_reads_the_three_services_through_service_discovery_follows_the_broker_and_has_a_health_check()
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>();
        var console = Assert.IsType<ProjectResource>(Resource(builder, "console"));

        var environment = await RawEnvironmentOf(console);
        foreach (var service in new[] { "builder", "registry-watcher", "deployer" })
        {
            Assert.True(environment.ContainsKey($"services__{service}__http__0"), $"the console is not told where the {service} answers");
            Assert.Contains(service, WaitsFor(console));
        }

        Assert.True(environment.ContainsKey("ConnectionStrings__messaging"), "the console has no messaging connection string");
        Assert.Contains("messaging", WaitsFor(console));
        Assert.Contains(console.Annotations.OfType<HealthCheckAnnotation>(), a => a.Key.Length > 0);
        Assert.False(environment.ContainsKey("ConnectionStrings__registry"), "the console needs no registry");
    }

    [Fact]
    public async Task The_console_password_is_a_secret_parameter_that_only_the_console_gets()
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>();

        var password = Assert.IsType<ParameterResource>(Resource(builder, "console-password"));
        Assert.True(password.Secret, "the console password parameter is not marked secret");
        Assert.Same(password, (await RawEnvironmentOf(Resource(builder, "console")))["Console__Password"]);
        foreach (var service in new[] { "builder", "registry-watcher", "deployer" })
        {
            Assert.DoesNotContain((await RawEnvironmentOf(Resource(builder, service))).Values, value => ReferenceEquals(value, password));
        }
    }

    [Fact]
    public async Task The_builder_has_dashboard_commands_that_check_the_repository_now_and_rebuild_failed_images()
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>();
        var commands = Resource(builder, "builder").Annotations.OfType<ResourceCommandAnnotation>().ToList();

        Assert.Equal("Check repository now", Assert.Single(commands, c => c.Name == "check-repository").DisplayName);
        Assert.Equal("Rebuild failed images", Assert.Single(commands, c => c.Name == "rebuild-failed").DisplayName);
    }

    [Fact]
    public async Task The_dashboard_names_the_consoles_link()
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>();
        var console = Resource(builder, "console");
        var urls = new List<ResourceUrlAnnotation>
        {
            new() { Url = "http://localhost:1234", Endpoint = ((IResourceWithEndpoints)console).GetEndpoint("http") },
        };
        var context = new ResourceUrlsCallbackContext(new DistributedApplicationExecutionContext(DistributedApplicationOperation.Run), console, urls, CancellationToken.None);

        foreach (var callback in console.Annotations.OfType<ResourceUrlsCallbackAnnotation>())
        {
            await callback.Callback(context);
        }

        Assert.StartsWith("Console", urls[0].DisplayText);
    }
}
