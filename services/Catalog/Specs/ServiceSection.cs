using System.Globalization;
using Platform.Catalog.Yaml;
using YamlDotNet.RepresentationModel;

namespace Platform.Catalog.Specs;

/// <summary><c>service:</c> of a <c>kind: service</c> image: the port it listens on and its health path.</summary>
internal static class ServiceSection
{
    public static ServiceSpec Read(SpecNodes nodes, YamlNode node)
    {
        var port = ImageSpecReader.DefaultServicePort;
        var health = ImageSpecReader.DefaultHealthPath;
        foreach (var (key, value) in nodes.Mapping(node, "service"))
        {
            switch (key.Value)
            {
                case "port":
                    var text = nodes.Scalar(value, "service.port");
                    if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535)
                    {
                        nodes.Problem(value, $"service.port '{text}' is not a port number (1 to 65535)");
                    }

                    break;
                case "health":
                    health = nodes.Scalar(value, "service.health") ?? health;
                    if (!health.StartsWith('/'))
                    {
                        nodes.Problem(value, $"service.health '{health}' must be an HTTP path that starts with '/'");
                    }

                    break;
                default:
                    nodes.Unknown(key, "in service", "port, health");
                    break;
            }
        }

        return new ServiceSpec(port, health);
    }
}
