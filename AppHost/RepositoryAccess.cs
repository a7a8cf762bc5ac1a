namespace Platform.AppHost;

/// <summary>
/// How the services reach a remote repository of images (<c>Platform:Repository</c> is a URL): an optional user name,
/// a deploy key file and a known_hosts file for ssh. The password or token is the secret parameter <c>repository-password</c>.
/// </summary>
/// <param name="PollInterval">
/// <c>Platform:RepositoryPollInterval</c>: how often the builder looks at the remote and every service fetches its mirror
/// (the services' default, 1 minute, when unset); push webhooks make the builder look at once whatever it is.
/// </param>
public sealed record RepositoryAccess(string? Username, string? SshKeyFile, string? KnownHostsFile, string? PollInterval = null)
{
    public const string PasswordParameter = "repository-password";
}

public static class RepositoryAccessExtensions
{
    /// <summary>
    /// The password or token of a remote repository as a secret parameter, when one is configured
    /// (<c>dotnet user-secrets set Parameters:repository-password ...</c> or <c>Parameters__repository-password</c>); null otherwise.
    /// </summary>
    public static IResourceBuilder<ParameterResource>? AddRepositoryPassword(this IDistributedApplicationBuilder builder, PlatformSettings settings) =>
        settings.RepositoryAccess is not null && !string.IsNullOrEmpty(builder.Configuration[$"Parameters:{RepositoryAccess.PasswordParameter}"])
            ? builder.AddParameter(RepositoryAccess.PasswordParameter, secret: true)
            : null;

    /// <summary>A service that follows a remote keeps its own mirror in its data folder, and gets the credentials of the remote.</summary>
    public static IResourceBuilder<T> WithRepositoryAccess<T>(
        this IResourceBuilder<T> service, PlatformSettings settings, IResourceBuilder<ParameterResource>? password)
        where T : class, IResourceWithEnvironment, IResourceWithServiceDiscovery, IResourceWithWaitSupport
    {
        if (settings.RepositoryAccess is not { } access)
        {
            return service;
        }

        var name = service.Resource.Name;
        service.WithEnvironment("Catalog__MirrorDirectory", ServiceExtensions.InPod(service) ? $"/var/lib/platform/{name}/repository" : Path.Combine(settings.DataOf(name), "repository"));
        if (access.PollInterval is { Length: > 0 } interval)
        {
            service.WithEnvironment("Catalog__FetchInterval", interval);
            if (name == "builder")
            {
                service.WithEnvironment("Builder__PollInterval", interval);
            }
        }

        if (access.Username is { Length: > 0 } user)
        {
            service.WithEnvironment("Catalog__Username", user);
        }

        if (password is not null)
        {
            service.WithEnvironment("Catalog__Password", password);
        }

        if (access.SshKeyFile is { Length: > 0 } key)
        {
            service.WithEnvironment("Catalog__SshKeyFile", Path.GetFullPath(key));
        }

        if (access.KnownHostsFile is { Length: > 0 } knownHosts)
        {
            service.WithEnvironment("Catalog__SshKnownHostsFile", Path.GetFullPath(knownHosts));
        }

        return service;
    }
}
