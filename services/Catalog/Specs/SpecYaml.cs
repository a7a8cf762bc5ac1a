using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Platform.Catalog.Specs;

/// <summary>
/// Loads the first document of a YAML text, or says why it cannot and on which line. YamlDotNet's scanner
/// throws <see cref="InvalidOperationException"/> instead of a <see cref="YamlException"/> for some flow
/// collections left open (<c>tags: [x</c> followed by more lines, aaubry/YamlDotNet#541); then the line of
/// the last event it read, where the collection opens, is where the mistake is.
/// </summary>
internal static class SpecYaml
{
    public static (YamlNode? Root, (int Line, string Message)? Error) Load(string yaml)
    {
        // Editors that save UTF-8 with a byte order mark would otherwise turn the first key into "\uFEFFname".
        var parser = new LineTrackingParser(new Parser(new StringReader(yaml.TrimStart('\uFEFF'))));
        try
        {
            var stream = new YamlStream();
            stream.Load(parser);
            if (stream.Documents.Count > 1)
            {
                return (null, ((int)stream.Documents[1].RootNode.Start.Line, "the file holds more than one YAML document ('---'); a spec is one document"));
            }

            return (stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode, null);
        }
        catch (YamlException e)
        {
            if (TabIndented(yaml) is { } tabLine)
            {
                return (null, (tabLine, "this line is indented with a tab; YAML indents with spaces only"));
            }

            var message = e.InnerException is YamlException inner ? inner.Message : e.Message;
            return (null, ((int)e.Start.Line, message));
        }
        catch (InvalidOperationException)
        {
            return (null, (parser.LastLine, "the text after this line cannot be read (is a '[' or '{' left open?)"));
        }
    }

    /// <summary>The first line whose indentation holds a tab, which YamlDotNet reports on another line, or null.</summary>
    private static int? TabIndented(string yaml)
    {
        var lines = yaml.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var indentation = lines[i][..(lines[i].Length - lines[i].TrimStart(' ', '\t').Length)];
            if (indentation.Contains('\t') && lines[i].Trim().Length > 0)
            {
                return i + 1;
            }
        }

        return null;
    }

    private sealed class LineTrackingParser(IParser parser) : IParser
    {
        public ParsingEvent? Current => parser.Current;

        public int LastLine { get; private set; } = 1;

        public bool MoveNext()
        {
            var moved = parser.MoveNext();
            if (parser.Current is { } current)
            {
                LastLine = (int)current.Start.Line;
            }

            return moved;
        }
    }
}
