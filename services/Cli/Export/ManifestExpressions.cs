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

    /// <summary>How deep expressions may refer to expressions: a manifest that loops would otherwise recurse until the stack overflows.</summary>
    private const int MaxDepth = 16;

    public string Resolve(string text) => Resolve(text, 0);

    private string Resolve(string text, int depth) =>
        depth > MaxDepth
            ? throw new ManifestException($"expressions refer to expressions more than {MaxDepth} deep (a loop?) in '{text}'")
            : Expression().Replace(text, match => Part(match.Groups[1].Value, depth));

    /// <summary>The parameter an expression is exactly, when it is a secret one: <c>{messaging-password.value}</c>.</summary>
    public string? SecretOnly(string text)
    {
        var match = Expression().Match(text);
        if (match.Success && match.Value == text && SecretKey(match.Groups[1].Value, 0) is { } key)
        {
            Keys.Add(key);
            return key;
        }

        return null;
    }

    public static int TargetPort(string name, JsonElement resource, string binding) =>
        resource.TryGetProperty("bindings", out var bindings) && bindings.ValueKind == JsonValueKind.Object && bindings.TryGetProperty(binding, out var b)
        && b.ValueKind == JsonValueKind.Object && b.TryGetProperty("targetPort", out var port)
            ? ManifestJson.Port(port, $"resources.{name}.bindings.{binding}.targetPort")
            : ProjectPort;

    public static string Variable(string key) => "SECRET_" + key.ToUpperInvariant().Replace('-', '_');

    private string Part(string path, int depth)
    {
        if (SecretKey(path, depth) is { } key)
        {
            Secrets[Variable(key)] = key;
            Keys.Add(key);
            return $"$({Variable(key)})";
        }

        var parts = path.Split('.');
        var resource = Resource(parts[0], path);
        var at = $"resources.{parts[0]}";
        return parts switch
        {
            [_, "connectionString"] => Resolve(ManifestJson.Text(resource, at, "connectionString"), depth + 1),
            [_, "value"] => Resolve(ManifestJson.Text(resource, at, "value"), depth + 1),
            [var name, "bindings", var binding, "host"] => name,
            [var name, "bindings", var binding, "port" or "targetPort"] => TargetPort(name, resource, binding).ToString(System.Globalization.CultureInfo.InvariantCulture),
            [var name, "bindings", var binding, "url"] =>
                $"{ManifestJson.Text(ManifestJson.Object(ManifestJson.Object(resource, at, "bindings"), $"{at}.bindings", binding), $"{at}.bindings.{binding}", "scheme")}" +
                $"://{name}:{TargetPort(name, resource, binding)}",
            _ => throw new ManifestException($"the manifest expression {{{path}}} has no Kubernetes equivalent in this exporter"),
        };
    }

    private JsonElement Resource(string name, string expression) =>
        resources.TryGetProperty(name, out var resource)
            ? resource
            : throw new ManifestException($"the expression {{{expression}}} names the resource '{name}', which resources does not have");

    /// <summary>The Secret key of a secret parameter's value (URI-encoded or not: generated passwords have no special characters).</summary>
    private string? SecretKey(string path, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new ManifestException($"expressions refer to expressions more than {MaxDepth} deep (a loop?) at {{{path}}}");
        }

        var name = path.Split('.')[0];
        var resource = Resource(name, path);
        var at = $"resources.{name}";
        var type = ManifestJson.Text(resource, at, "type");
        if (type == "annotated.string")
        {
            var inner = Expression().Match(ManifestJson.Text(resource, at, "value"));
            return inner.Success ? SecretKey(inner.Groups[1].Value, depth + 1) : null;
        }

        if (type != "parameter.v0")
        {
            return null;
        }

        var input = ManifestJson.Object(ManifestJson.Object(resource, at, "inputs"), $"{at}.inputs", "value");
        return input.TryGetProperty("secret", out var secret) && ManifestJson.Boolean(secret, $"{at}.inputs.value.secret") ? name : null;
    }

    [GeneratedRegex(@"\{([a-zA-Z0-9-]+(?:\.[a-zA-Z0-9-]+)+)\}")]
    private static partial Regex Expression();
}
