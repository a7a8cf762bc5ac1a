using Microsoft.Extensions.Configuration;

namespace Platform.AppHost;

/// <summary>
/// The deployers' notifications when the AppHost runs them: <c>Platform:Notify</c> (receivers' kinds, events, environments, the
/// collapse window) reaches every deployer as <c>Deployer:Notify</c>, and each receiver's URL and signing key come from the secret
/// parameters <c>notify-&lt;receiver&gt;-url</c> and <c>notify-&lt;receiver&gt;-secret</c> (the AppHost's user secrets), never from a
/// committed file. Only in run mode: the published manifest does not carry the settings of the machine that wrote it.
/// </summary>
public sealed record NotificationSettings(IReadOnlyList<KeyValuePair<string, string>> Settings, IReadOnlyList<(string Variable, IResourceBuilder<ParameterResource> Secret)> Secrets);

public static class NotificationSettingsExtensions
{
    public static NotificationSettings AddNotificationSettings(this IDistributedApplicationBuilder builder)
    {
        if (!builder.ExecutionContext.IsRunMode)
        {
            return new([], []);
        }

        var section = builder.Configuration.GetSection("Platform:Notify");
        var settings = section.AsEnumerable(makePathsRelative: true)
            .Where(p => p.Value is not null)
            .Select(p => KeyValuePair.Create($"Deployer__Notify__{p.Key.Replace(":", "__", StringComparison.Ordinal)}", p.Value!))
            .ToList();
        var secrets = new List<(string, IResourceBuilder<ParameterResource>)>();
        foreach (var receiver in section.GetSection("Receivers").GetChildren())
        {
            foreach (var (field, suffix) in new[] { ("Url", "url"), ("Secret", "secret") })
            {
                var parameter = $"notify-{receiver.Key}-{suffix}";
                if (builder.Configuration[$"Parameters:{parameter}"] is { Length: > 0 })
                {
                    secrets.Add(($"Deployer__Notify__Receivers__{receiver.Key}__{field}", builder.AddParameter(parameter, secret: true)));
                }
            }
        }

        return new(settings, secrets);
    }

    public static IResourceBuilder<T> WithNotifications<T>(this IResourceBuilder<T> deployer, NotificationSettings notifications)
        where T : IResourceWithEnvironment
    {
        foreach (var (variable, value) in notifications.Settings)
        {
            deployer.WithEnvironment(variable, value);
        }

        foreach (var (variable, secret) in notifications.Secrets)
        {
            deployer.WithEnvironment(variable, secret);
        }

        return deployer;
    }
}
