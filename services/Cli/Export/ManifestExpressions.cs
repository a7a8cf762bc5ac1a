using System.Text.Json;
using System.Text.RegularExpressions;

namespace Platform.Cli.Export;

/// <summary>
/// Resolves the <c>{resource.property}</c> expressions of an Aspire manifest for a cluster: a binding is its
/// Service's DNS name and port; a secret parameter becomes <c>$(VARIABLE)</c>, an environment variable the pod
/// takes from the Secret, so that no secret value is ever written.
/// </summary>
public sealed partial class ManifestExpressions(JsonElement resources)
{
    public const int ProjectPort = 8080;
    public const string SecretName = "platform-secrets";

    /// <summary>The secret parameters an expression used: variable name to Secret key.</summary>
    public SortedDictionary<string, string> Secrets { get; } = new(StringComparer.Ordinal);

    /// <summary>Every Secret key the resource's environment needs, referred to by name or as <c>$(VARIABLE)</c>.</summary>
    public SortedSet<string> Keys { get; } = new(StringComparer.Ordinal);

    public string Resolve(string text) => Expression().Replace(text, match => Part(match.Groups[1].Value));

    /// <summary>The parameter an expression is exactly, when it is a secret one: <c>{messaging-password.value}</c>.</summary>
    public string? SecretOnly(string text)
    {
        var match = Expression().Match(text);
        if (match.Success && match.Value == text && SecretKey(match.Groups[1].Value) is { } key)
        {
            Keys.Add(key);
            return key;
        }

        return null;
    }

    public static int TargetPort(JsonElement resource, string binding) =>
        resource.TryGetProperty("bindings", out var bindings) && bindings.TryGetProperty(binding, out var b) && b.TryGetProperty("targetPort", out var port)
            ? port.GetInt32()
            : ProjectPort;

    public static string Variable(string key) => "SECRET_" + key.ToUpperInvariant().Replace('-', '_');

    private string Part(string path)
    {
        if (SecretKey(path) is { } key)
        {
            Secrets[Variable(key)] = key;
            Keys.Add(key);
            return $"$({Variable(key)})";
        }

        var parts = path.Split('.');
        var resource = resources.GetProperty(parts[0]);
        return parts switch
        {
            [_, "connectionString"] => Resolve(resource.GetProperty("connectionString").GetString()!),
            [_, "value"] => Resolve(resource.GetProperty("value").GetString()!),
            [var name, "bindings", var binding, "host"] => name,
            [_, "bindings", var binding, "port" or "targetPort"] => TargetPort(resource, binding).ToString(System.Globalization.CultureInfo.InvariantCulture),
            [var name, "bindings", var binding, "url"] =>
                $"{resource.GetProperty("bindings").GetProperty(binding).GetProperty("scheme").GetString()}://{name}:{TargetPort(resource, binding)}",
            _ => throw new InvalidOperationException($"the manifest expression {{{path}}} has no Kubernetes equivalent in this exporter"),
        };
    }

    /// <summary>The Secret key of a secret parameter's value (URI-encoded or not: generated passwords have no special characters).</summary>
    private string? SecretKey(string path)
    {
        var name = path.Split('.')[0];
        var resource = resources.GetProperty(name);
        var type = resource.GetProperty("type").GetString();
        if (type == "annotated.string")
        {
            var inner = Expression().Match(resource.GetProperty("value").GetString()!);
            return inner.Success ? SecretKey(inner.Groups[1].Value) : null;
        }

        return type == "parameter.v0" && resource.GetProperty("inputs").GetProperty("value").TryGetProperty("secret", out var secret) && secret.GetBoolean()
            ? name
            : null;
    }

    [GeneratedRegex(@"\{([a-zA-Z0-9-]+(?:\.[a-zA-Z0-9-]+)+)\}")]
    private static partial Regex Expression();
}
