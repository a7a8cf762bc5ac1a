using k8s;
using YamlDotNet.Core;

namespace Platform.Cli.Tests.Export.Validation;

/// <summary>
/// Reads a document with the Kubernetes client library's own models (KubernetesClient's
/// <see cref="KubernetesYaml"/>, strict: an unknown field is an error), as a .NET program that reads the export would.
/// </summary>
public static class ClientModels
{
    public static Finding? Read(ManifestDocument document)
    {
        try
        {
            var objects = KubernetesYaml.LoadAllFromString(document.Text, typeMap: null, strict: true);
            return objects.Count == 1 ? null : document.Finding("", $"KubernetesClient read {objects.Count} objects from one document");
        }
        catch (KeyNotFoundException)
        {
            return document.Finding("apiVersion", $"KubernetesClient has no model for {document.ApiVersion}/{document.Kind}");
        }
        catch (YamlException e)
        {
            // Its line numbers count from the document's first line.
            var line = document.FirstLine + e.Start.Line - 1;
            var cause = e.InnerException is { } inner ? $"{e.Message}: {inner.Message}" : e.Message;
            return document.Finding(document.PathAt(line), $"KubernetesClient (strict) cannot read line {line}: {cause}");
        }
    }
}
