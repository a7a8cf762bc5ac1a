using Platform.AppHost.Containers;

namespace Platform.AppHost;

/// <summary>Adds one of Platform's services to the model (<paramref name="service"/>: builder, registry-watcher, deployer, console) as <paramref name="name"/>.</summary>
public interface IServiceFactory<T>
    where T : class, IResourceWithEnvironment, IResourceWithServiceDiscovery, IResourceWithWaitSupport
{
    IResourceBuilder<T> Add(string name, string service);
}

/// <summary><c>Platform:Services=projects</c>: each service as its project, run as a process.</summary>
public sealed class ServiceProjects(IDistributedApplicationBuilder builder) : IServiceFactory<ProjectResource>
{
    public IResourceBuilder<ProjectResource> Add(string name, string service) => (service switch
    {
        "builder" => builder.AddProject<Projects.Builder>(name),
        "registry-watcher" => builder.AddProject<Projects.RegistryWatcher>(name),
        "deployer" => builder.AddProject<Projects.Deployer>(name),
        "console" => builder.AddProject<Projects.Console>(name),
        _ => throw new ArgumentOutOfRangeException(nameof(service), service, "not one of Platform's services"),
    }).WithHttpEndpoint();
}

/// <summary><c>Platform:Services=containers</c>: each service as a container of its image <c>platform/&lt;service&gt;</c> (docs/upgrades.md).</summary>
public sealed class ServiceContainers(IDistributedApplicationBuilder builder, PlatformSettings settings) : IServiceFactory<ServiceContainerResource>
{
    private readonly ServiceImages images = new(settings.ServiceImagesFile);

    public IResourceBuilder<ServiceContainerResource> Add(string name, string service)
    {
        var container = builder.AddServiceContainer(name, $"platform/{service}", settings, images);
        return service == "console" ? container : container.WithLocalRepository(settings);
    }
}
