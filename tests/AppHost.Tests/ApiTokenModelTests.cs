using System.Text.Json;
using Platform.Testing;
using static Platform.AppHost.Tests.ModelInspection;

namespace Platform.AppHost.Tests;

/// <summary>The API token in the AppHost's model: one generated secret parameter that every service and the console get as Api__Token.</summary>
public sealed class ApiTokenModelTests
{
    private static readonly string[] Takers = ["builder", "registry-watcher", "deployer", "deployer-prod", "console"];

    [Fact]
    public async Task The_api_token_is_one_secret_parameter_that_every_service_of_every_environment_and_the_console_get_as_Api__Token()
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(["--Platform:Environments=beta,prod"]);

        var token = Assert.IsType<ParameterResource>(Resource(builder, "api-token"));
        Assert.True(token.Secret, "the api-token parameter is not marked secret");
        foreach (var name in Takers)
        {
            var environment = await RawEnvironmentOf(Resource(builder, name));
            Assert.True(environment.TryGetValue("Api__Token", out var value) && ReferenceEquals(value, token), $"{name} does not get the api-token parameter as Api__Token");
            // On this machine loopback stays open: the CLI and curl need no token here.
            Assert.False(environment.ContainsKey("Api__OpenOnLoopback"), $"{name} closes loopback in run mode");
        }
    }

    [Fact]
    public async Task The_published_manifest_gives_every_service_the_token_from_the_generated_secret_and_no_loopback_exemption()
    {
        using var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(RepositoryRoot.Combine("aspire-manifest.json")));
        var resources = manifest.RootElement.GetProperty("resources");

        var input = resources.GetProperty("api-token").GetProperty("inputs").GetProperty("value");
        Assert.True(input.GetProperty("secret").GetBoolean(), "api-token is not secret in the manifest");
        Assert.Equal(32, input.GetProperty("default").GetProperty("generate").GetProperty("minLength").GetInt32());
        foreach (var name in new[] { "builder", "registry-watcher", "deployer", "console" })
        {
            var env = resources.GetProperty(name).GetProperty("env");
            Assert.Equal("{api-token.value}", env.GetProperty("Api__Token").GetString());
            Assert.Equal("false", env.GetProperty("Api__OpenOnLoopback").GetString());
        }
    }
}
