using System.CommandLine;
using System.Text.RegularExpressions;

namespace Platform.Cli.Export;

/// <summary><c>platform export kubernetes</c>: a kustomize base and overlays for Platform itself from the AppHost's published model.</summary>
public static partial class ExportCommand
{
    public static Command Create()
    {
        var manifest = new Option<string>("--manifest") { Description = "The AppHost's model, as scripts/export-manifest.sh writes it", HelpName = "file", DefaultValueFactory = _ => "aspire-manifest.json" };
        var output = new Option<string>("--output", "-o") { Description = "The folder to write (replaced as a whole once everything is rendered; secrets.env files in it are kept)", HelpName = "folder", DefaultValueFactory = _ => "deploy/kubernetes" };
        var ns = new Option<string>("--namespace") { Description = "The base's namespace; an overlay's is <namespace>-<overlay> unless --overlay names it", HelpName = "name", DefaultValueFactory = _ => "platform" };
        var images = new Option<string?>("--images") { Description = "Platform's images by digest: the file scripts/platform-images.sh writes (.platform/platform-images.json)", HelpName = "file" };
        var tag = new Option<string?>("--tag") { Description = "Platform's images by this tag instead of by digest (default: latest)", HelpName = "tag" };
        var registry = new Option<string>("--registry") { Description = "With --tag: the registry (and path) of Platform's images", HelpName = "host[/path]", DefaultValueFactory = _ => PlatformImages.DefaultRegistry };
        var docker = new Option<string>("--docker") { Description = "The builder's Docker engine: dind (a privileged docker:dind sidecar) or host (an engine you run; --docker-host)", HelpName = "dind|host", DefaultValueFactory = _ => "dind" };
        var dockerHost = new Option<string?>("--docker-host") { Description = "With --docker host: the engine's address, tcp://host:2376 or unix:///path", HelpName = "uri" };
        var user = new Option<string>("--messaging-user") { Description = "RabbitMQ's user for Platform (its password is the Secret key messaging-password)", HelpName = "name", DefaultValueFactory = _ => ExportSettings.DefaultMessagingUser };
        var overlays = new Option<string[]>("--overlay") { Description = "An overlay to write, NAME or NAME=NAMESPACE (repeat it; default: beta and prod)", HelpName = "name[=namespace]", AllowMultipleArgumentsPerToken = false };
        var ingressNamespace = new Option<string>("--ingress-namespace") { Description = "The ingress controller's namespace, the only one that may reach the webhooks", HelpName = "name", DefaultValueFactory = _ => "ingress-nginx" };
        var ingressClass = new Option<string>("--ingress-class") { Description = "The IngressClass of the webhooks' Ingress", HelpName = "name", DefaultValueFactory = _ => "nginx" };
        var webhookHost = new Option<string?>("--webhook-host") { Description = "The host name the webhooks are published under (default: any)", HelpName = "host" };
        var secrets = new Option<string?>("--secrets") { Description = "A KEY=value file with the Secret's values, written as each overlay's secrets.env (then keep --output out of git)", HelpName = "file" };
        var registryAuth = new Option<string?>("--registry-auth") { Description = "A Docker config JSON ({\"auths\": ...}) for pulling Platform's images (imagePullSecrets)", HelpName = "file" };
        var checkImages = new Option<bool>("--check-images") { Description = "Ask each image's registry (HEAD of its manifest) that it has Platform's images before writing anything" };
        var kubernetes = new Command("kubernetes", "Write a kustomize base and overlays for Platform itself: StatefulSets with volumes, RabbitMQ, the builder's engine, RBAC, NetworkPolicies, the webhooks' Ingress")
        {
            manifest, output, ns, images, tag, registry, docker, dockerHost, user, overlays, ingressNamespace, ingressClass, webhookHost, secrets, registryAuth, checkImages,
        };
        kubernetes.SetAction(async (result, cancellationToken) =>
        {
            // Options first: a wrong option is named before any file is read.
            var settings = new ExportSettings(
                Name("--namespace", result.GetValue(ns)!),
                Images(result.GetValue(images), result.GetValue(tag), result.GetValue(registry)!),
                Docker(result.GetValue(docker)!, result.GetValue(dockerHost)),
                MessagingUser(result.GetValue(user)!),
                OverlayList(result.GetValue(overlays), result.GetValue(ns)!),
                Name("--ingress-namespace", result.GetValue(ingressNamespace)!),
                Name("--ingress-class", result.GetValue(ingressClass)!),
                result.GetValue(webhookHost) is { } host ? Host(host) : null,
                RegistryAuth: result.GetValue(registryAuth) is { } auth ? ReadRegistryAuth(auth) : null);
            var path = result.GetValue(manifest)!;
            var json = await ReadAsync(path, cancellationToken);
            var files = KubernetesExport.Render(json, path, settings);
            if (result.GetValue(secrets) is { } secretsFile)
            {
                var required = SecretKeys.Required(KubernetesExport.ModelSecrets(json, settings));
                files = KubernetesExport.Render(json, path, settings with { Secrets = SecretKeys.Read(secretsFile, required) });
            }

            if (result.GetValue(checkImages))
            {
                await ImagePresence.CheckAsync(settings.Images, cancellationToken);
            }

            var folder = result.GetValue(output)!;
            await ExportFolder.ReplaceAsync(folder, files, settings.Overlays, cancellationToken);
            await result.InvocationConfiguration.Output.WriteLineAsync(
                $"wrote {files.Count} files to {folder}: apply an overlay, for example kubectl apply -k {Path.Combine(folder, "overlays", settings.Overlays[0].Name)}");
            return ExitCodes.Success;
        });
        return new Command("export", "Export Platform itself for another place to run it") { kubernetes };
    }

    private static PlatformImages Images(string? file, string? tag, string registry) => (file, tag) switch
    {
        (not null, not null) => throw new CommandLineException("--images and --tag both name Platform's images; give one (--images for digests, --tag for a tag)"),
        (not null, null) => PlatformImages.Read(file),
        _ => PlatformImages.FromTag(registry, tag ?? "latest"),
    };

    private static DockerEngine Docker(string mode, string? host) => (mode, host) switch
    {
        ("dind", null) => DockerEngine.Dind,
        ("dind", _) => throw new CommandLineException("--docker-host is for --docker host; with --docker dind the engine is the pod's sidecar"),
        ("host", null) => throw new CommandLineException("--docker host needs --docker-host, the address of the engine the builder uses (tcp://host:2376)"),
        ("host", _) when Uri.TryCreate(host, UriKind.Absolute, out var uri) && uri.Scheme is "tcp" or "unix" => new DockerEngine(host),
        ("host", _) => throw new CommandLineException($"--docker-host '{host}' is not an engine address (tcp://host:port or unix:///path)"),
        _ => throw new CommandLineException($"--docker '{mode}' is not a way to provide the builder's engine: use dind (a sidecar) or host (--docker-host)"),
    };

    private static string MessagingUser(string user) => MessagingUserName().IsMatch(user) && user != "guest"
        ? user
        : throw new CommandLineException($"--messaging-user '{user}' cannot be the broker's user: 1 to 64 letters, digits, '.', '_' or '-', and not guest (RabbitMQ refuses guest off loopback)");

    private static List<Overlay> OverlayList(string[]? values, string ns)
    {
        if (values is null || values.Length == 0)
        {
            return [new("beta", $"{ns}-beta"), new("prod", $"{ns}-prod")];
        }

        var list = new List<Overlay>();
        foreach (var value in values)
        {
            var parts = value.Split('=', 2);
            var name = parts[0];
            if (!Label().IsMatch(name))
            {
                throw new CommandLineException($"--overlay '{value}': the overlay's name '{name}' is not a folder name of lowercase letters, digits and '-' (at most 63)");
            }

            var overlayNamespace = parts.Length == 2 ? parts[1] : $"{ns}-{name}";
            if (!Label().IsMatch(overlayNamespace))
            {
                throw new CommandLineException($"--overlay '{value}': '{overlayNamespace}' is not a Kubernetes namespace name (lowercase letters, digits and '-', at most 63)");
            }

            if (list.Any(o => o.Name == name))
            {
                throw new CommandLineException($"--overlay '{value}': the overlay {name} is given twice");
            }

            if (list.FirstOrDefault(o => o.Namespace == overlayNamespace) is { } other)
            {
                throw new CommandLineException($"--overlay '{value}': the namespace {overlayNamespace} is already the overlay {other.Name}'s; two installations in one namespace would share their data");
            }

            list.Add(new(name, overlayNamespace));
        }

        return list;
    }

    private static string Name(string option, string name) => Label().IsMatch(name)
        ? name
        : throw new CommandLineException($"{option} '{name}' is not a Kubernetes {(option.EndsWith("namespace", StringComparison.Ordinal) ? "namespace " : "")}name (lowercase letters, digits and '-', at most 63)");

    private static string Host(string host) => HostName().IsMatch(host)
        ? host
        : throw new CommandLineException($"--webhook-host '{host}' is not a host name (lowercase DNS name, no scheme or port)");

    private static string ReadRegistryAuth(string path)
    {
        if (!File.Exists(path))
        {
            throw new CommandLineException($"--registry-auth {path} does not exist (a Docker config JSON, as docker login writes ~/.docker/config.json)");
        }

        var text = File.ReadAllText(path);
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != System.Text.Json.JsonValueKind.Object
                || !document.RootElement.TryGetProperty("auths", out var auths) || auths.ValueKind != System.Text.Json.JsonValueKind.Object)
            {
                throw new CommandLineException($"{path}: auths is missing or not an object (a Docker config JSON: {{\"auths\": {{\"ghcr.io\": {{\"auth\": \"...\"}}}}}})");
            }
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new CommandLineException($"{JsonErrors.Describe(path, e)} (not valid JSON)");
        }

        return text.EndsWith('\n') ? text : text + "\n";
    }

    private static async Task<string> ReadAsync(string path, CancellationToken cancellationToken)
    {
        if (Directory.Exists(path))
        {
            throw new CommandLineException($"--manifest {path} is a folder; name the manifest file (run scripts/export-manifest.sh to write aspire-manifest.json)");
        }

        if (!File.Exists(path))
        {
            throw new CommandLineException($"no manifest at {path}: run scripts/export-manifest.sh first");
        }

        try
        {
            return await File.ReadAllTextAsync(path, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CommandLineException($"the manifest {path} could not be read: {e.Message}");
        }
    }

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")]
    private static partial Regex Label();

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex MessagingUserName();

    [GeneratedRegex(@"^(\*\.)?[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$")]
    private static partial Regex HostName();
}
