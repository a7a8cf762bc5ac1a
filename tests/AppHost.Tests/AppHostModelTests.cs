using Aspire.Hosting;
using Platform.AppHost.Infrastructure;
using static Platform.AppHost.Tests.ModelInspection;

namespace Platform.AppHost.Tests;

/// <summary>The composition of the beta environment, read from the AppHost's model without starting anything.</summary>
public sealed class AppHostModelTests
{
    private static readonly string[] Services = ["builder", "registry-watcher", "deployer"];

    [Fact]
    public async Task Host_infrastructure_is_the_default_and_runs_rabbitmq_and_the_registry_from_os_packages()
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>();

        Assert.IsType<RabbitMqNodeResource>(Resource(builder, "messaging"));
        var registry = Assert.IsType<RegistryProcessResource>(Resource(builder, "registry"));
        Assert.Equal("docker-registry", registry.Command);
    }

    [Fact]
    public async Task Container_infrastructure_uses_the_rabbitmq_integration_and_the_registry_image()
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(["--Platform:Infrastructure=containers"]);

        Assert.IsType<RabbitMQServerResource>(Resource(builder, "messaging"));
        var registry = Assert.IsType<RegistryContainerResource>(Resource(builder, "registry"));
        Assert.True(registry.TryGetLastAnnotation<ContainerImageAnnotation>(out var image));
        Assert.Equal("registry", image.Image);
    }

    [Fact]
    public async Task An_unknown_infrastructure_mode_fails_with_the_setting_named()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(["--Platform:Infrastructure=cloud"]);
        });

        Assert.Contains("Platform:Infrastructure", Innermost(error).Message);
    }

    [Theory]
    [InlineData("builder")]
    [InlineData("registry-watcher")]
    [InlineData("deployer")]
    public async Task Every_service_references_and_waits_for_the_broker_and_the_registry_and_has_a_health_check(string service)
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>();
        var resource = Resource(builder, service);

        Assert.IsType<ProjectResource>(resource);
        Assert.Contains("messaging", WaitsFor(resource));
        Assert.Contains("registry", WaitsFor(resource));
        Assert.Contains(resource.Annotations.OfType<HealthCheckAnnotation>(), a => a.Key.Length > 0);
        var environment = await EnvironmentOf(resource);
        Assert.True(environment.ContainsKey("ConnectionStrings__messaging"), $"{service} has no messaging connection string");
        Assert.True(environment.ContainsKey("ConnectionStrings__registry"), $"{service} has no registry connection string");
        Assert.True(environment.ContainsKey("Catalog__Repository"), $"{service} is not told where the repository of images is");
    }

    [Fact]
    public async Task Each_service_waits_for_the_consumer_of_what_it_publishes()
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>();

        Assert.Contains("registry-watcher", WaitsFor(Resource(builder, "builder")));
        Assert.Contains("deployer", WaitsFor(Resource(builder, "registry-watcher")));
        Assert.DoesNotContain("builder", WaitsFor(Resource(builder, "deployer")));
    }

    [Fact]
    public async Task The_repository_data_folder_and_root_image_settings_reach_the_services()
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            ["--Platform:Repository=/srv/images-repo", "--Platform:DataDirectory=/srv/platform-data", "--Platform:RootImage=busybox:1.36"]);

        var environment = await EnvironmentOf(Resource(builder, "builder"));

        Assert.Equal("/srv/images-repo", environment["Catalog__Repository"]);
        Assert.Equal("/srv/platform-data/builder", environment["Builder__DataDirectory"]);
        Assert.Equal("busybox:1.36", environment["Catalog__BuildArgs__ROOT_IMAGE"]);
    }

    [Fact]
    public async Task A_remote_repository_reaches_every_service_each_with_a_mirror_in_its_own_data_folder_and_the_password_as_a_secret_parameter()
    {
        const string remote = "https://git.example.com/team/images.git";
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            [$"--Platform:Repository={remote}", "--Platform:DataDirectory=/srv/platform-data", "--Platform:RepositoryUsername=deploy",
             "--Parameters:repository-password=not-logged"]);

        var password = Assert.IsType<ParameterResource>(Resource(builder, "repository-password"));
        Assert.True(password.Secret, "the repository password parameter is not marked secret");
        foreach (var service in new[] { "builder", "registry-watcher", "deployer" })
        {
            var environment = await EnvironmentOf(Resource(builder, service));
            Assert.Equal(remote, environment["Catalog__Repository"]);
            Assert.Equal($"/srv/platform-data/{service}/repository", environment["Catalog__MirrorDirectory"]);
            Assert.Equal("deploy", environment["Catalog__Username"]);
            Assert.Same(password, (await RawEnvironmentOf(Resource(builder, service)))["Catalog__Password"]);
        }
    }

    [Fact]
    public async Task An_ssh_remote_passes_the_deploy_key_and_the_known_hosts_file_to_every_service()
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            ["--Platform:Repository=git@gitlab.example.com:team/images.git", "--Platform:RepositorySshKeyFile=/srv/keys/deploy",
             "--Platform:RepositoryKnownHostsFile=/srv/keys/known_hosts"]);

        foreach (var service in new[] { "builder", "registry-watcher", "deployer" })
        {
            var environment = await EnvironmentOf(Resource(builder, service));
            Assert.Equal("git@gitlab.example.com:team/images.git", environment["Catalog__Repository"]);
            Assert.Equal("/srv/keys/deploy", environment["Catalog__SshKeyFile"]);
            Assert.Equal("/srv/keys/known_hosts", environment["Catalog__SshKnownHostsFile"]);
            Assert.False(environment.ContainsKey("Catalog__Password"), "no password parameter was configured");
        }
    }

    [Fact]
    public async Task A_local_repository_needs_no_mirror_and_no_password_parameter()
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(["--Parameters:repository-password=unused"]);

        var environment = await EnvironmentOf(Resource(builder, "builder"));

        Assert.DoesNotContain(builder.Resources, r => r.Name == "repository-password");
        Assert.False(environment.ContainsKey("Catalog__MirrorDirectory"), "a local repository is read where it is");
    }

    [Fact]
    public async Task An_existing_registry_is_used_instead_of_starting_one()
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(["--Platform:Registry=https://registry.example.com:5000/v2/"]);

        var registry = Assert.IsType<ConnectionStringResource>(Resource(builder, "registry"));
        Assert.Equal("https://registry.example.com:5000", await registry.ConnectionStringExpression.GetValueAsync(CancellationToken.None));
        Assert.DoesNotContain(builder.Resources, r => r is RegistryProcessResource or RegistryContainerResource);
        Assert.DoesNotContain("registry", WaitsFor(Resource(builder, "builder")));
    }

    [Fact]
    public async Task A_registry_setting_that_is_not_an_http_address_fails_with_the_setting_named()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(["--Platform:Registry=ftp://example.com"]);
        });

        Assert.Contains("Platform:Registry", Innermost(error).Message);
    }

    [Fact]
    public async Task The_registry_notifies_the_watchers_webhook_with_a_secret_parameter_that_the_watcher_gets_too()
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>();

        var secret = Assert.IsType<ParameterResource>(Resource(builder, "registry-webhook-secret"));
        Assert.True(secret.Secret, "the webhook secret parameter is not marked secret");
        var notifications = Assert.IsType<ReferenceExpression>((await RawEnvironmentOf(Resource(builder, "registry")))["REGISTRY_NOTIFICATIONS_ENDPOINTS"]);
        Assert.Contains("/api/webhooks/distribution", notifications.Format);
        Assert.Contains("Authorization: [Bearer {1}]", notifications.Format);
        Assert.Contains(notifications.ValueProviders, p => p is EndpointReference endpoint && endpoint.Resource.Name == "registry-watcher");
        Assert.Contains(notifications.ValueProviders, p => p == secret);
        Assert.Same(secret, (await RawEnvironmentOf(Resource(builder, "registry-watcher")))["RegistryWatcher__Webhooks__Secret"]);
        Assert.Equal("platform/root:busybox-${TARGETARCH}", (await EnvironmentOf(Resource(builder, "registry-watcher")))["RegistryWatcher__Upstream__Ignore__0"]);
    }

    [Fact]
    public async Task An_existing_registry_is_not_configured_and_the_watcher_still_gets_the_secret()
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(["--Platform:Registry=https://registry.example.com"]);

        Assert.True((await RawEnvironmentOf(Resource(builder, "registry-watcher"))).ContainsKey("RegistryWatcher__Webhooks__Secret"));
    }

    [Fact]
    public async Task Commit_statuses_are_off_by_default_and_leave_no_token_parameter_in_the_model()
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>();

        Assert.DoesNotContain(builder.Resources, r => r.Name == CommitStatusExtensions.TokenParameter);
        Assert.DoesNotContain((await RawEnvironmentOf(Resource(builder, "builder"))).Keys, key => key.StartsWith("CommitStatuses__", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_commit_status_provider_reaches_the_builder_with_its_token_as_a_secret_parameter()
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
        [
            "--Platform:CommitStatuses:Provider=gitlab", "--Platform:CommitStatuses:ApiUrl=https://gitlab.example.com/api/v4",
            "--Platform:CommitStatuses:Repository=data/images", "--Platform:BuilderPublicUrl=https://platform.example.com",
            "--Parameters:commit-status-token=glpat-test",
        ]);

        var token = Assert.IsType<ParameterResource>(Resource(builder, CommitStatusExtensions.TokenParameter));
        Assert.True(token.Secret, "the commit status token parameter is not marked secret");
        var raw = await RawEnvironmentOf(Resource(builder, "builder"));
        Assert.Same(token, raw["CommitStatuses__Token"]);
        Assert.Equal("gitlab", raw["CommitStatuses__Provider"]);
        Assert.Equal("https://gitlab.example.com/api/v4", raw["CommitStatuses__ApiUrl"]);
        Assert.Equal("data/images", raw["CommitStatuses__Repository"]);
        Assert.Equal("https://platform.example.com", raw["Builder__PublicUrl"]);
    }

    [Fact]
    public async Task A_push_webhook_secret_set_in_the_configuration_reaches_the_builder_as_a_secret_parameter_and_the_others_stay_off()
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            ["--Parameters:github-webhook-secret=a-github-secret-for-the-model-test"]);

        var secret = Assert.IsType<ParameterResource>(Resource(builder, "github-webhook-secret"));
        Assert.True(secret.Secret, "the GitHub webhook secret parameter is not marked secret");
        var environment = await RawEnvironmentOf(Resource(builder, "builder"));
        Assert.Same(secret, environment["Builder__Webhooks__GitHub__Secret"]);
        Assert.DoesNotContain(environment.Keys, key => key.StartsWith("Builder__Webhooks__", StringComparison.Ordinal) && key != "Builder__Webhooks__GitHub__Secret");
        Assert.DoesNotContain(builder.Resources, r => r.Name is "gitlab-webhook-token" or "gitea-webhook-secret" or "git-webhook-secret");
    }

    [Fact]
    public async Task By_default_only_the_beta_deployer_runs_and_it_has_no_source_environment()
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>();

        Assert.DoesNotContain(builder.Resources.OfType<ProjectResource>(), r => r.Name.StartsWith("deployer-", StringComparison.Ordinal));
        Assert.DoesNotContain((await RawEnvironmentOf(Resource(builder, "deployer"))).Keys, key => key.StartsWith("Deployer__Sources__", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_prod_among_the_environments_a_second_deployer_runs_prod_with_its_own_data_and_beta_as_its_source()
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            ["--Platform:Environments=beta,prod", "--Platform:DataDirectory=/srv/platform-data"]);

        var prod = Assert.IsType<ProjectResource>(Resource(builder, "deployer-prod"));
        var environment = await EnvironmentOf(prod);
        var raw = await RawEnvironmentOf(prod);
        Assert.Equal(("prod", "/srv/platform-data/deployer-prod"), (environment["Deployer__Environment"], environment["Deployer__DataDirectory"]));
        Assert.Equal("deployer", Assert.IsType<EndpointReference>(raw["Deployer__Sources__beta"]).Resource.Name);
        Assert.Equal("deployer-prod", Assert.IsType<EndpointReference>((await RawEnvironmentOf(Resource(builder, "deployer")))["Deployer__Sources__prod"]).Resource.Name);
        Assert.Contains("messaging", WaitsFor(prod));
        Assert.Contains(prod.Annotations.OfType<HealthCheckAnnotation>(), a => a.Key.Length > 0);
    }

    [Fact]
    public async Task With_a_remote_repository_the_prod_deployer_keeps_its_own_mirror_and_gets_the_credentials_too()
    {
        const string remote = "https://git.example.com/team/images.git";
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            [$"--Platform:Repository={remote}", "--Platform:DataDirectory=/srv/platform-data", "--Platform:RepositoryUsername=deploy",
             "--Parameters:repository-password=not-logged", "--Platform:Environments=beta,prod"]);

        var password = Resource(builder, "repository-password");
        foreach (var service in new[] { "deployer", "deployer-prod" })
        {
            var environment = await EnvironmentOf(Resource(builder, service));
            Assert.Equal((remote, $"/srv/platform-data/{service}/repository", "deploy"),
                (environment["Catalog__Repository"], environment["Catalog__MirrorDirectory"], environment["Catalog__Username"]));
            Assert.Same(password, (await RawEnvironmentOf(Resource(builder, service)))["Catalog__Password"]);
        }
    }

    [Fact]
    public async Task Notify_settings_reach_every_deployer_with_the_receivers_url_and_key_as_secret_parameters()
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            ["--Platform:Environments=beta,prod", "--Platform:Notify:Receivers:team:Kind=slack", "--Platform:Notify:Receivers:team:Events=rolled-back,promoted",
             "--Platform:Notify:Receivers:audit:Kind=webhook", "--Parameters:notify-team-url=https://hooks.slack.com/services/T0/B0/not-logged",
             "--Parameters:notify-audit-url=https://audit.example/hook", "--Parameters:notify-audit-secret=a-signing-key-of-32-characters!!"]);

        foreach (var service in new[] { "deployer", "deployer-prod" })
        {
            var environment = await EnvironmentOf(Resource(builder, service));
            var raw = await RawEnvironmentOf(Resource(builder, service));
            Assert.Equal(("slack", "rolled-back,promoted", "webhook"), (environment["Deployer__Notify__Receivers__team__Kind"],
                environment["Deployer__Notify__Receivers__team__Events"], environment["Deployer__Notify__Receivers__audit__Kind"]));
            foreach (var (variable, parameter) in new[]
            {
                ("Deployer__Notify__Receivers__team__Url", "notify-team-url"), ("Deployer__Notify__Receivers__audit__Url", "notify-audit-url"),
                ("Deployer__Notify__Receivers__audit__Secret", "notify-audit-secret"),
            })
            {
                var secret = Assert.IsType<ParameterResource>(raw[variable]);
                Assert.Equal((parameter, true), (secret.Name, secret.Secret));
            }
        }

        Assert.DoesNotContain((await RawEnvironmentOf(Resource(builder, "builder"))).Keys, key => key.StartsWith("Deployer__Notify", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_notify_settings_no_deployer_gets_any()
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(["--Parameters:notify-team-url=https://unused.example/"]);

        Assert.DoesNotContain((await RawEnvironmentOf(Resource(builder, "deployer"))).Keys, key => key.StartsWith("Deployer__Notify", StringComparison.Ordinal));
        Assert.DoesNotContain(builder.Resources, r => r.Name.StartsWith("notify-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_environment_name_that_is_not_one_fails_with_the_setting_named()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(["--Platform:Environments=beta,Prod!"]);
        });

        Assert.Contains("Platform:Environments names 'Prod!'", Innermost(error).Message);
    }

    /// <summary>The environment the AppHost gives a resource; literal values as text, references as their type name.</summary>
    private static async Task<Dictionary<string, string>> EnvironmentOf(IResource resource)
    {
        var variables = new Dictionary<string, object>();
        var context = new EnvironmentCallbackContext(
            new DistributedApplicationExecutionContext(DistributedApplicationOperation.Run), resource, variables, CancellationToken.None);
        foreach (var callback in resource.Annotations.OfType<EnvironmentCallbackAnnotation>())
        {
            await callback.Callback(context);
        }

        return variables.ToDictionary(v => v.Key, v => v.Value as string ?? v.Value.GetType().Name);
    }

    private static Exception Innermost(Exception e) => e.InnerException is null ? e : Innermost(e.InnerException);
}
