using System.Text.Json;
using System.Text.RegularExpressions;
using static Platform.Cli.Export.DeployerAccess;

namespace Platform.Cli.Export;

/// <summary>
/// The environment of one resource in the cluster: plain settings for its ConfigMap, and variables from the Secret. On top of
/// what the model says, a cluster needs the broker's own user (RabbitMQ refuses guest off loopback), the repository of images
/// and its credentials from the Secret (a pod clones it into its data folder), registry credentials, the API token, the
/// deployer's Kubernetes target and the builder's Docker engine.
/// </summary>
public sealed partial class WorkloadEnvironment
{
    public Dictionary<string, object?> Plain { get; } = new(StringComparer.Ordinal);

    public List<object?> FromSecret { get; } = [];

    public static WorkloadEnvironment Of(string name, JsonElement resource, string? image, ManifestExpressions expressions, ExportSettings settings)
    {
        var environment = new WorkloadEnvironment();
        var withSecrets = new List<(string Name, object? Entry)>();
        if (resource.TryGetProperty("env", out var env))
        {
            foreach (var variable in ManifestJson.Properties(env, $"resources.{name}.env"))
            {
                var text = ManifestJson.Text(variable.Value, $"resources.{name}.env.{variable.Name}");
                if (expressions.SecretOnly(text) is { } key)
                {
                    withSecrets.Add((variable.Name, SecretVariable(variable.Name, key)));
                    continue;
                }

                var before = expressions.Secrets.Count;
                var value = WithUser(variable.Name, expressions.Resolve(text), settings.MessagingUser);
                if (expressions.Secrets.Count > before || value.Contains("$(", StringComparison.Ordinal))
                {
                    withSecrets.Add((variable.Name, Map(("name", variable.Name), ("value", value))));
                }
                else
                {
                    environment.Plain[variable.Name] = value;
                }
            }
        }

        if (image is not null)
        {
            environment.AddPlatformSettings(name, image, settings, withSecrets);
        }

        // Secret values first: a value such as a connection string refers to them as $(SECRET_...).
        environment.FromSecret.AddRange(expressions.Secrets.Select(s => (object?)SecretVariable(s.Key, s.Value)));
        environment.FromSecret.AddRange(withSecrets.Select(w => w.Entry));
        return environment;
    }

    private void AddPlatformSettings(string name, string image, ExportSettings settings, List<(string Name, object? Entry)> withSecrets)
    {
        bool Has(string variable) => Plain.ContainsKey(variable) || withSecrets.Any(w => w.Name == variable);
        void Secret(string variable, string key, bool optional = false)
        {
            if (!Has(variable))
            {
                withSecrets.Add((variable, SecretVariable(variable, key, optional)));
            }
        }

        if (Plain.ContainsKey("Catalog__Repository") || withSecrets.Any(w => w.Name == "Catalog__Repository"))
        {
            // The repository is the Secret's URL (a pod has no checkout), followed through the service's own mirror on its volume.
            Plain.Remove("Catalog__Repository");
            withSecrets.RemoveAll(w => w.Name == "Catalog__Repository");
            withSecrets.Add(("Catalog__Repository", SecretVariable("Catalog__Repository", SecretKeys.RepositoryUrl)));
            Plain.TryAdd("Catalog__MirrorDirectory", $"{Workload.DataPath}/{name}/repository");
            Secret("Catalog__Username", "repository-username", optional: true);
            Secret("Catalog__Password", "repository-password", optional: true);
        }

        Secret("Registries__0__Host", "registry-host", optional: true);
        Secret("Registries__0__Username", "registry-username", optional: true);
        Secret("Registries__0__Password", "registry-password", optional: true);
        Secret("Api__Token", SecretKeys.ApiToken);
        if (image == KubernetesExport.Deployer)
        {
            Plain["Deployer__Target"] = "kubernetes";
        }

        if (image == "builder")
        {
            // A push webhook is on when its secret is set: optional keys, as the AppHost's parameters are.
            foreach (var (provider, key) in SecretKeys.PushWebhooks)
            {
                Secret($"Builder__Webhooks__{provider}__Secret", key, optional: true);
            }

            var endpoint = settings.Docker.Host ?? BuilderEngine.Socket;
            Plain["DOCKER_HOST"] = endpoint;
            Plain["Docker__Endpoint"] = endpoint;
        }
    }

    /// <summary>The broker's user in the cluster: the manifest's (Aspire's default, guest) would be refused by RabbitMQ off loopback.</summary>
    private static string WithUser(string variable, string value, string user) => variable switch
    {
        "RABBITMQ_DEFAULT_USER" or "MESSAGING_USERNAME" => user,
        _ => AmqpUser().Replace(value, m => $"{m.Groups[1].Value}://{user}:"),
    };

    public static Dictionary<string, object?> SecretVariable(string variable, string key, bool optional = false)
    {
        var reference = Map(("name", ManifestExpressions.SecretName), ("key", key));
        if (optional)
        {
            reference["optional"] = true;
        }

        return Map(("name", variable), ("valueFrom", Map(("secretKeyRef", reference))));
    }

    [GeneratedRegex("^(amqps?)://[^:@/]*:(?=[^@/]*@)")]
    private static partial Regex AmqpUser();
}
