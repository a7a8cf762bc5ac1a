using Platform.Catalog.Yaml;
using YamlDotNet.RepresentationModel;

namespace Platform.Catalog.Specs;

/// <summary><c>etl:</c> of a <c>kind: etl</c> image: its default schedule.</summary>
internal static class EtlSection
{
    public static EtlSpec Read(SpecNodes nodes, YamlNode node)
    {
        string? schedule = null;
        foreach (var (key, value) in nodes.Mapping(node, "etl"))
        {
            switch (key.Value)
            {
                case "schedule":
                    schedule = nodes.Scalar(value, "etl.schedule");
                    break;
                default:
                    nodes.Unknown(key, "in etl", "schedule");
                    break;
            }
        }

        return new EtlSpec(schedule);
    }
}
