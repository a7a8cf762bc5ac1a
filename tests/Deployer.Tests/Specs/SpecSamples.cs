using Platform.Catalog;
using Platform.Catalog.Specs;
using Platform.Deployer.Specs;

namespace Platform.Deployer.Tests.Specs;

/// <summary>What the environment file tests read files against: the beta file's name, the defaults, and a catalogue of one service and one ETL job.</summary>
internal static class SpecSamples
{
    public const string File = "deploy/beta.yaml";

    public static readonly SpecDefaults Defaults = new(TimeSpan.FromSeconds(60), TimeSpan.FromHours(1));

    public static readonly ImageCatalog Catalog = new("0123456789abcdef", [
        new CatalogImage(new ImageSpec("dataplatform/status-api", "images/status-api", ImageKind.Service, "Dockerfile", new Dictionary<string, string>(),
            new ServiceSpec(9000, "/ready"), null), []),
        new CatalogImage(new ImageSpec("dataplatform/etl-weather", "images/etl-weather", ImageKind.Etl, "Dockerfile", new Dictionary<string, string>(),
            null, new EtlSpec("*/15 * * * *")), []),
    ], []);
}
