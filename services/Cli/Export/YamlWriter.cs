using YamlDotNet.Serialization;

namespace Platform.Cli.Export;

/// <summary>
/// Writes nested maps (in insertion order), lists and scalars as block YAML with YamlDotNet (the library the specs are
/// read with), quoting every string that a YAML reader could take for something else ("8080", "true", "*/5 * * * *"),
/// so the output is deterministic and ConfigMap values stay strings.
/// </summary>
public static class YamlWriter
{
    private static readonly ISerializer Serializer = new SerializerBuilder()
        .WithQuotingNecessaryStrings()
        .WithIndentedSequences()
        .DisableAliases()
        .Build();

    public static string Write(object document) => Serializer.Serialize(document);
}
