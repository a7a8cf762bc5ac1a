using Platform.Testing;

namespace Platform.Builder.Tests.Service;

/// <summary>Pushing to a registry that wants credentials (htpasswd, basic auth), with the Registries settings.</summary>
[Collection(BuilderServiceCollection.Name)]
public sealed class CredentialsTests(BuilderInfrastructure infrastructure) : IDisposable
{
    private const string User = "platform-builder";
    private const string RightPassword = "right-horse-battery-staple";
    private const string WrongPassword = "wrong-password-never-logged-7d3f";
    private readonly TempDirectory auth = new("htpasswd");

    [Fact]
    public async Task With_the_right_credentials_the_image_is_pushed_to_a_registry_that_requires_them()
    {
        await using var scenario = await BuilderScenario.CreateAsync(infrastructure, AuthConfiguration());
        scenario.WriteImage("private", "ARG ROOT_IMAGE\nFROM ${ROOT_IMAGE}\nCOPY hello.txt /\n", ("hello.txt", "hello\n"));
        var commit = await scenario.Repository.CommitAllAsync("an image for a private registry");
        await scenario.StartBuilderAsync(Credentials(scenario, RightPassword));

        await scenario.WaitForPushAsync(scenario.Image("private"), commit, User, RightPassword);
    }

    [Fact]
    public async Task Wrong_credentials_fail_the_push_naming_the_image_and_the_registry_and_the_password_is_never_logged()
    {
        await using var scenario = await BuilderScenario.CreateAsync(infrastructure, AuthConfiguration());
        scenario.WriteImage("private", "ARG ROOT_IMAGE\nFROM ${ROOT_IMAGE}\nCOPY hello.txt /\n", ("hello.txt", "hello\n"));
        var commit = await scenario.Repository.CommitAllAsync("an image for a private registry");
        await scenario.StartBuilderAsync(Credentials(scenario, WrongPassword));

        var failure = await scenario.WaitForFailureAsync(scenario.Image("private"), commit);
        Assert.Equal("push", failure.GetProperty("stage").GetString());
        var error = failure.GetProperty("error").GetString()!;
        Assert.True(error.Contains(scenario.Image("private"), StringComparison.Ordinal) && error.Contains(scenario.Registry.Host, StringComparison.Ordinal),
            scenario.Failure($"expected the error to name the image and the registry, saw: {error}"));
        Assert.Contains("unauthorized", error, StringComparison.OrdinalIgnoreCase);
        await scenario.StopBuilderAsync();
        Assert.DoesNotContain(WrongPassword, await File.ReadAllTextAsync(scenario.LogPath));
        Assert.DoesNotContain(WrongPassword, failure.ToString());
    }

    public void Dispose() => auth.Dispose();

    private string AuthConfiguration()
    {
        var file = auth.Combine("htpasswd");
        File.WriteAllText(file, $"{User}:{BCrypt.Net.BCrypt.HashPassword(RightPassword, 5)}\n");
        return $"auth:\n  htpasswd:\n    realm: platform-tests\n    path: {file}\n";
    }

    private static Dictionary<string, string> Credentials(BuilderScenario scenario, string password) => new()
    {
        ["Registries:0:Host"] = scenario.Registry.Host,
        ["Registries:0:Username"] = User,
        ["Registries:0:Password"] = password,
    };
}
