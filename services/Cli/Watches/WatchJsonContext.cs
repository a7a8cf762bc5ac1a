using System.Text.Json.Serialization;
using Platform.Contracts.Api;

namespace Platform.Cli.Watches;

[JsonSerializable(typeof(List<WatchDocument>))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
internal sealed partial class WatchJsonContext : JsonSerializerContext;
