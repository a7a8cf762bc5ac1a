using Platform.Testing;

namespace Platform.Builder.Tests.Service;

/// <summary>
/// The role of an instance (Builder:Coordinator) is chosen while the services are registered, from the settings as
/// they are checked at start: a bad value stops the start with the setting's name instead of quietly picking a role.
/// No broker is needed: the builder stops before it connects.
/// </summary>
public sealed class RoleSettingTests
{
    [Theory]
    [InlineData("Builder:Coordinator", "sometimes")]
    [InlineData("Builder:MaxConcurrentBuilds", "0")]
    public void A_builder_refuses_to_start_with_a_setting_it_cannot_read_and_names_the_setting(string key, string value)
    {
        using var folder = new TempDirectory("builder-role");
        var settings = new Dictionary<string, string>
        {
            [key] = value,
            ["ConnectionStrings:messaging"] = "amqp://guest:guest@127.0.0.1:1/",
            ["ConnectionStrings:registry"] = "http://127.0.0.1:1",
            ["Catalog:Repository"] = folder.Path,
            ["Builder:DataDirectory"] = folder.Path,
        };
        using var host = new BuilderHost(settings, Path.Combine(folder.Path, "builder.log"));

        var error = Assert.ThrowsAny<Exception>(() => host.Services);

        Assert.True(error.ToString().Contains(key, StringComparison.Ordinal),
            $"expected the start to fail naming {key}, it failed with: {error}");
    }
}
