using System.Text.Json;
using Platform.AppHost.Containers;
using static Platform.AppHost.Tests.ModelInspection;

namespace Platform.AppHost.Tests;

/// <summary>The model of Platform:Services=containers (the cluster rehearsal), read without starting anything.</summary>
public sealed class ServiceContainerModelTests
{
    /// <summary>
    /// What a service container gets beyond its pod's settings, each because the rehearsal runs in the host's network namespace and
    /// local engine: its own loopback address and port, the dashboard's telemetry, the root image of this machine's builds, the
    /// root image left out of the watches (it is in no registry), the engine's socket by DOCKER_HOST, the list of names the script
    /// passes on. The published model follows a local repository (a mount); with a remote, each service keeps its mirror, in the
    /// pod too (Catalog__MirrorDirectory).
    /// </summary>
    private static readonly string[] RehearsalOnly =
    [
        "ASPNETCORE_URLS", "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_SERVICE_NAME", "OTEL_RESOURCE_ATTRIBUTES",
        "OTEL_EXPORTER_OTLP_HEADERS", "OTEL_BLRP_SCHEDULE_DELAY", "OTEL_BSP_SCHEDULE_DELAY", "OTEL_METRIC_EXPORT_INTERVAL", "OTEL_TRACES_SAMPLER",
        "OTEL_METRICS_EXEMPLAR_FILTER", "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT", "Catalog__MirrorDirectory", "Catalog__BuildArgs__ROOT_IMAGE", "RegistryWatcher__Upstream__Ignore__0", "DOCKER_HOST",
        ServiceContainerExtensions.EngineSocket,
    ];

    [Fact]
    public async Task Services_run_as_projects_unless_the_containers_mode_is_asked_for()
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>();

        foreach (var service in new[] { "builder", "registry-watcher", "deployer", "console" })
        {
            Assert.IsType<ProjectResource>(Resource(builder, service));
        }
    }

    [Fact]
    public async Task An_unknown_services_mode_fails_with_the_setting_and_its_values_named()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(["--Platform:Services=pods"]);
        });

        var message = Innermost(error).Message;
        Assert.Contains("Platform:Services is 'pods'", message);
        Assert.Contains("'projects'", message);
        Assert.Contains("'containers'", message);
    }

    [Theory]
    [InlineData("builder", true)]
    [InlineData("registry-watcher", false)]
    [InlineData("deployer", true)]
    [InlineData("console", false)]
    public async Task In_containers_mode_each_service_runs_its_platform_image_on_a_named_volume_with_the_settings_of_its_pod(string service, bool engine)
    {
        using var images = new Platform.Testing.TempDirectory("images-file");
        var imagesFile = Path.Combine(images.Path, "platform-images.json");
        await File.WriteAllTextAsync(imagesFile, """{"tag":"0.9.1","images":{}}""");
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            ["--Platform:Services=containers", "--Platform:Repository=https://git.example.com/acme/images.git", $"--Platform:ServiceImages={imagesFile}"]);

        var container = Assert.IsType<ServiceContainerResource>(Resource(builder, service));
        var arguments = await ArgumentsOf(container);
        Assert.EndsWith("platform-container.sh", arguments[0]);
        Assert.Equal([$"platform-beta-{service}", $"platform/{service}:0.9.1-{ServiceImages.Architecture}", $"platform-beta-{service}"], arguments[1..4]);

        // Every variable the export gives the pod (read from the published model it is made from), under the same name.
        var environment = await EnvironmentOf(container);
        var pod = PodEnvironment(service);
        var missing = pod.Except(environment.Keys).ToList();
        Assert.True(missing.Count == 0, $"{service}'s container lacks its pod's {string.Join(", ", missing)}");
        var extra = environment.Keys.Except(pod).Except(RehearsalOnly).Where(k => !k.StartsWith("services__", StringComparison.Ordinal)).ToList();
        Assert.True(extra.Count == 0, $"{service}'s container has settings its pod does not: {string.Join(", ", extra)}");
        if (service != "console")
        {
            Assert.Equal($"/var/lib/platform/{service}", environment[$"{Section(service)}__DataDirectory"]);
            Assert.Equal($"/var/lib/platform/{service}/repository", environment["Catalog__MirrorDirectory"]);
        }

        Assert.Equal(engine, environment.ContainsKey(ServiceContainerExtensions.EngineSocket));
        Assert.Equal(engine ? "unix:///var/run/docker.sock" : null, environment.GetValueOrDefault("DOCKER_HOST"));
    }

    [Fact]
    public async Task In_containers_mode_the_broker_user_is_not_guest_and_its_password_is_a_secret_parameter()
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(["--Platform:Services=containers"]);

        var environment = await RawEnvironmentOf(Resource(builder, "builder"));
        var user = Assert.IsAssignableFrom<IValueProvider>(environment["MESSAGING_USERNAME"]);
        Assert.Equal("platform", await user.GetValueAsync(CancellationToken.None));
        var password = Assert.IsType<ReferenceExpression>(environment["MESSAGING_PASSWORD"]);
        Assert.Contains(password.ValueProviders.OfType<ParameterResource>(), p => p.Secret);
    }

    [Fact]
    public async Task A_local_repository_is_mounted_read_only_where_the_pods_find_it()
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(["--Platform:Services=containers", "--Platform:Repository=/srv/images-repo"]);

        var container = Assert.IsType<ServiceContainerResource>(Resource(builder, "builder"));
        var arguments = await ArgumentsOf(container);
        Assert.Contains("/srv/images-repo:/var/lib/platform/repository:ro", arguments);
        Assert.Equal("/var/lib/platform/repository", (await EnvironmentOf(container))["Catalog__Repository"]);
    }

    /// <summary>The names of the variables the published model (aspire-manifest.json, from which the export writes the pods) gives the service.</summary>
    private static IReadOnlyList<string> PodEnvironment(string service)
    {
        var manifest = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "aspire-manifest.json");
        using var document = JsonDocument.Parse(File.ReadAllText(manifest));
        return [.. document.RootElement.GetProperty("resources").GetProperty(service).GetProperty("env").EnumerateObject().Select(p => p.Name)];
    }

    private static string Section(string service) => string.Concat(service.Split('-').Select(part => char.ToUpperInvariant(part[0]) + part[1..]));

    private static async Task<List<string>> ArgumentsOf(IResource resource)
    {
        var arguments = new List<object>();
        var context = new CommandLineArgsCallbackContext(arguments, resource, CancellationToken.None);
        foreach (var callback in resource.Annotations.OfType<CommandLineArgsCallbackAnnotation>())
        {
            await callback.Callback(context);
        }

        return [.. arguments.Select(a => a as string ?? a.GetType().Name)];
    }

    private static async Task<Dictionary<string, string>> EnvironmentOf(IResource resource) =>
        (await RawEnvironmentOf(resource)).ToDictionary(v => v.Key, v => v.Value as string ?? v.Value.GetType().Name);

    private static Exception Innermost(Exception e) => e.InnerException is null ? e : Innermost(e.InnerException);
}
