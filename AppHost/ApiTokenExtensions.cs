using Platform.AppHost.Containers;

namespace Platform.AppHost;

public static class ApiTokenExtensions
{
    public const string Parameter = "api-token";

    /// <summary>
    /// The services' API token (<c>Api:Token</c>, docs/security.md): the calls that change state (cancel, check, replan, promote,
    /// roll back, run now) need it from outside loopback. Generated (32 letters and digits) and secret like the other secrets here;
    /// set <c>Parameters:api-token</c> (user secrets) to choose it, for example to call the services from another machine.
    /// </summary>
    public static IResourceBuilder<ParameterResource> AddApiToken(this IDistributedApplicationBuilder builder) =>
        builder.AddParameter(Parameter, new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true, persist: false);

    /// <summary>
    /// Gives a service (and the console, which sends it on its actions) the token as <c>Api__Token</c>. Published, loopback is no
    /// exemption (<c>Api__OpenOnLoopback=false</c>): in a pod, 127.0.0.1 is also <c>kubectl port-forward</c> and any sidecar proxy. The
    /// rehearsal's containers get the pods' setting (they share the host's loopback, which makes the point stronger still).
    /// </summary>
    public static IResourceBuilder<T> WithApiToken<T>(this IResourceBuilder<T> service, IResourceBuilder<ParameterResource> token)
        where T : IResourceWithEnvironment
    {
        service.WithEnvironment("Api__Token", token);
        if (service.ApplicationBuilder.ExecutionContext.IsPublishMode || service.Resource is ServiceContainerResource)
        {
            service.WithEnvironment("Api__OpenOnLoopback", "false");
        }

        return service;
    }
}
