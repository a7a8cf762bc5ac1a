using System.Text.Json;
using System.Text.Json.Serialization;
using Platform.Cli.Deployments;
using Platform.Cli.Environments;

namespace Platform.Cli;

/// <summary>
/// The JSON the command line reads from the services and writes for programs, generated at compile time (the services'
/// web conventions: camelCase, case-insensitive reading), so that the command line needs no reflection and compiles ahead of time.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(List<JsonElement>))]
[JsonSerializable(typeof(List<DeploymentRow>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(PromotionRequest))]
[JsonSerializable(typeof(RollbackRequest))]
internal sealed partial class CliJson : JsonSerializerContext
{
    /// <summary>The same, indented, for what <c>--json</c> writes.</summary>
    public static CliJson Indented { get; } = new(new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true });
}
