using Platform.Catalog;
using Platform.Catalog.Specs;
using Platform.Catalog.Yaml;
using YamlDotNet.RepresentationModel;

namespace Platform.Deployer.Specs;

/// <summary>Reads one entry of <c>services:</c>; what it does not say comes from the image's <c>image.yaml</c>.</summary>
internal static class ServiceReader
{
    private const string Known = "image, follow, promote, replicas, port, hostPort, env, health, kubernetes";

    public static ServiceDeployment? Read(string name, SpecNodes nodes, YamlNode node, ImageCatalog catalog, SpecDefaults defaults)
    {
        var fields = nodes.Fields(node, $"service {name}", Known);

        var policy = fields.TryGetValue("follow", out var follow) ? EnvironmentSpecReader.Follow(nodes, follow.Value) : FollowPolicy.Latest;
        var reference = fields.TryGetValue("image", out var image) ? nodes.Scalar(image.Value, "image") ?? name : name;
        var followed = policy is null ? null : EnvironmentSpecReader.Image(nodes, image.Value ?? node, reference, policy, catalog, ImageKind.Service);
        var imageService = followed?.Registry is null ? catalog.Find(reference)?.Spec.Service : null;
        var service = Defaults(name, followed ?? new FollowedImage(reference, null, FollowPolicy.Latest),
            imageService ?? new Catalog.Specs.ServiceSpec(ImageSpecReader.DefaultServicePort, ImageSpecReader.DefaultHealthPath), defaults);

        if (fields.TryGetValue("replicas", out var replicas) && nodes.Integer(replicas.Value, "replicas", 1, SpecLimits.MaxReplicas) is { } count)
        {
            service = service with { Replicas = count };
        }

        if (fields.TryGetValue("port", out var port) && nodes.Integer(port.Value, "port", 1, SpecLimits.MaxPort) is { } containerPort)
        {
            service = service with { Port = containerPort };
        }

        if (fields.TryGetValue("hostPort", out var hostPort) && nodes.Integer(hostPort.Value, "hostPort", 1, SpecLimits.MaxPort) is { } fixedPort)
        {
            service = service with { HostPort = fixedPort };
            if (service.Replicas > 1)
            {
                nodes.Problem(hostPort.Value, "hostPort needs replicas: 1 (replicas cannot share one host port)");
            }
        }

        if (fields.TryGetValue("env", out var env))
        {
            service = service with { Environment = nodes.Variables(env.Value, "env") };
        }

        if (fields.TryGetValue("health", out var health))
        {
            service = service with { Health = Health(nodes, health.Value, service.Health) };
        }

        if (fields.TryGetValue("kubernetes", out var kubernetes) && EnvironmentSpecReader.Kubernetes(nodes, kubernetes.Value, service.Kubernetes) is { } cluster)
        {
            service = service with { Kubernetes = cluster };
        }

        if (fields.TryGetValue("promote", out var promote))
        {
            service = service with { Promote = EnvironmentSpecReader.Promote(nodes, promote.Value, follow.Key, isJob: false, defaults) };
        }

        return followed is null ? null : service;
    }

    public static ServiceDeployment Defaults(string name, FollowedImage image, Catalog.Specs.ServiceSpec spec, SpecDefaults defaults) =>
        new(name, image, 1, spec.Port, null, new Dictionary<string, string>(), new HealthCheck(spec.HealthPath, defaults.HealthTimeout),
            EnvironmentSpecReader.DefaultObject(name));

    private static HealthCheck Health(SpecNodes nodes, YamlNode node, HealthCheck health)
    {
        if (node is YamlScalarNode)
        {
            return Path(nodes, node, health);
        }

        var kinds = 0;
        foreach (var (key, value) in nodes.Mapping(node, "health"))
        {
            switch (key.Value)
            {
                case "http":
                    kinds++;
                    health = Path(nodes, value, health);
                    break;
                case "fromImage":
                    kinds++;
                    var text = nodes.Scalar(value, "health.fromImage");
                    if (text is not ("true" or "false"))
                    {
                        nodes.Problem(value, $"health.fromImage '{text}' must be true or false");
                    }
                    else if (text == "true")
                    {
                        health = health with { HttpPath = null };
                    }

                    break;
                case "timeout":
                    health = nodes.Duration(value, "health.timeout", SpecLimits.HealthTimeout) is { } timeout ? health with { Timeout = timeout } : health;
                    break;
                default:
                    nodes.Unknown(key, "in health", "http, fromImage, timeout");
                    break;
            }
        }

        if (kinds > 1)
        {
            nodes.Problem(node, "health takes either http: or fromImage:, not both");
        }

        return health;
    }

    private static HealthCheck Path(SpecNodes nodes, YamlNode node, HealthCheck health)
    {
        var path = nodes.Scalar(node, "health.http");
        if (path is null || !path.StartsWith('/'))
        {
            nodes.Problem(node, $"health path '{path}' must be an HTTP path that starts with '/'");
            return health;
        }

        return health with { HttpPath = path };
    }
}
