using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Platform.Catalog.Yaml;

/// <summary>
/// Loads the first document of a spec file, or says why it cannot and on which line; never throws for what the
/// text holds. YamlDotNet's scanner throws <see cref="InvalidOperationException"/> instead of a
/// <see cref="YamlException"/> for some flow collections left open (<c>tags: [x</c> followed by more lines,
/// aaubry/YamlDotNet#541); then the line of the last event it read, where the collection opens, is where the mistake is.
/// </summary>
public static class SpecYaml
{
    /// <summary>How deep mappings and lists may nest; a real file needs five levels, a deeper one is an accident or an attack on the parser.</summary>
    public const int MaxNesting = 32;

    /// <param name="secondDocument">
    /// What a second, non-empty document means to this reader, said after "holds more than one YAML document ('---'); ";
    /// null for a reader that looks at the first document only and leaves the file's problems to its own reader.
    /// </param>
    /// <returns>The first document's root, or null when the text is empty or cannot be read.</returns>
    public static YamlNode? Load(string yaml, SpecNodes nodes, string? secondDocument)
    {
        // Editors that save UTF-8 with a byte order mark would otherwise turn the first key into "\uFEFFname".
        yaml = yaml.TrimStart('\uFEFF');

        var parser = new LineTrackingParser(new Parser(new StringReader(yaml)));
        try
        {
            var stream = new YamlStream();
            stream.Load(parser);
            if (secondDocument is not null && stream.Documents.Count > 1 && stream.Documents[1].RootNode is not YamlScalarNode { Value: null or "" })
            {
                nodes.Problem(stream.Documents[1].RootNode, $"holds more than one YAML document ('---'); {secondDocument}");
            }

            return stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
        }
        catch (TooDeepException deep)
        {
            nodes.Problem(deep.Line, $"mappings and lists nest deeper than {MaxNesting} levels");
            return null;
        }
        catch (YamlException e)
        {
            if (TabIndented(yaml) is { } tabLine)
            {
                nodes.Problem(tabLine, "not valid YAML: this line is indented with a tab; YAML indents with spaces only");
                return null;
            }

            nodes.Problem((int)e.Start.Line, $"not valid YAML: {(e.InnerException is YamlException inner ? inner.Message : e.Message)}");
            return null;
        }
        catch (InvalidOperationException)
        {
            nodes.Problem(parser.LastLine, "not valid YAML: the text after this line cannot be read (is a '[' or '{' left open?)");
            return null;
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

    /// <summary>
    /// The events as the parser reads them, with the line of the last one and the depth of nesting. YamlDotNet's node tree
    /// is built recursively: nesting deep enough overflows the stack, which no catch survives, so the load stops (with
    /// <see cref="TooDeepException"/>) at the event that nests too deep, before the recursion goes further.
    /// </summary>
    private sealed class LineTrackingParser(IParser parser) : IParser
    {
        private int depth;

        public ParsingEvent? Current => parser.Current;

        public int LastLine { get; private set; } = 1;

        public bool MoveNext()
        {
            var moved = parser.MoveNext();
            if (parser.Current is { } current)
            {
                LastLine = (int)current.Start.Line;
                switch (current)
                {
                    case MappingStart or SequenceStart when ++depth > MaxNesting:
                        throw new TooDeepException(LastLine);
                    case MappingEnd or SequenceEnd:
                        depth--;
                        break;
                }
            }

            return moved;
        }
    }

    private sealed class TooDeepException(int line) : Exception
    {
        public int Line { get; } = line;
    }
}
