using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Platform.Cli.Tests.Export.Validation;

/// <summary>One <c>---</c> document of a YAML file: its JSON form, its own text and where its keys are.</summary>
public sealed record ManifestDocument(string File, int Index, JsonNode? Root, string Text, int FirstLine, IReadOnlyDictionary<long, string> PathByLine)
{
    public string Kind => Root?["kind"] is JsonValue kind && kind.TryGetValue(out string? text) ? text : "";

    public string ApiVersion => Root?["apiVersion"] is JsonValue version && version.TryGetValue(out string? text) ? text : "";

    public string Name => Root?["metadata"]?["name"] is JsonValue name && name.TryGetValue(out string? text) ? text : "";

    /// <summary>"Deployment builder", to tell a reader which object a finding is about.</summary>
    public string Object => string.Join(' ', new[] { Kind, Name }.Where(part => part.Length > 0));

    public Finding Finding(string path, string message) => new(File, Index, Object, path, message);

    /// <summary>The field on the file's <paramref name="line"/> (1-based), for messages that only give a line.</summary>
    public string PathAt(long line) =>
        PathByLine.Where(entry => entry.Key <= line).OrderByDescending(entry => entry.Key).Select(entry => entry.Value).FirstOrDefault() ?? "";

    /// <summary>Every document of <paramref name="text"/>, or the finding that says why the file is not YAML.</summary>
    public static (IReadOnlyList<ManifestDocument> Documents, Finding? Error) Read(string file, string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            var (document, path) = KeyPaths.At(text, e.Start.Line);
            return ([], new Finding(file, document, "", path, $"not valid YAML at line {e.Start.Line}, column {e.Start.Column}: {e.Message}"));
        }

        var spans = Spans(text);
        var documents = new List<ManifestDocument>();
        for (var i = 0; i < stream.Documents.Count; i++)
        {
            var root = stream.Documents[i].RootNode;
            var pathByLine = new Dictionary<long, string>();
            try
            {
                var json = YamlJson.Convert(root, "", pathByLine);
                var own = text[spans[i].Start..spans[i].End];
                documents.Add(new ManifestDocument(file, i + 1, json, own, spans[i].Line, pathByLine));
            }
            catch (YamlException e)
            {
                return (documents, new Finding(file, i + 1, "", pathByLine.Values.LastOrDefault() ?? "", $"line {e.Start.Line}: {e.Message}"));
            }
        }

        return (documents, null);
    }

    /// <summary>Where each document's text starts and ends (the representation model does not keep its end).</summary>
    private static List<(int Start, int End, int Line)> Spans(string text)
    {
        var spans = new List<(int, int, int)>();
        var parser = new Parser(new StringReader(text));
        var (start, line) = (0, 1);
        while (parser.MoveNext())
        {
            switch (parser.Current)
            {
                case DocumentStart documentStart:
                    (start, line) = ((int)documentStart.Start.Index, (int)documentStart.Start.Line);
                    break;
                case DocumentEnd documentEnd:
                    spans.Add((start, (int)documentEnd.Start.Index, line));
                    break;
            }
        }

        return spans;
    }
}
