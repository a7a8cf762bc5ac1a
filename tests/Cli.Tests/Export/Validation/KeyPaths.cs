using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Platform.Cli.Tests.Export.Validation;

/// <summary>
/// The field that each key of a YAML text names, by line, read from the parser's events: it places errors that
/// the representation model reports by line only (a duplicate key) in their document and field.
/// </summary>
public static class KeyPaths
{
    public static (int Document, string Path) At(string text, long line)
    {
        var (document, path) = (0, "");
        try
        {
            foreach (var key in Read(text).TakeWhile(key => key.Line <= line))
            {
                (document, path) = (key.Document, key.Path);
            }
        }
        catch (YamlException)
        {
            // a text the parser itself refuses: keep what was read before the error
        }

        return (document, path);
    }

    private static IEnumerable<(long Line, int Document, string Path)> Read(string text)
    {
        var parser = new Parser(new StringReader(text));
        var stack = new Stack<Level>();
        var document = 0;
        while (parser.MoveNext())
        {
            switch (parser.Current)
            {
                case DocumentStart:
                    document++;
                    stack.Clear();
                    break;
                case MappingStart or SequenceStart:
                    var path = Child(stack);
                    stack.Push(new Level(parser.Current is SequenceStart, path));
                    break;
                case MappingEnd or SequenceEnd:
                    stack.Pop();
                    Advance(stack);
                    break;
                case Scalar scalar when stack.TryPeek(out var level) && !level.Sequence && level.ExpectKey:
                    level.Key = scalar.Value;
                    level.ExpectKey = false;
                    yield return (scalar.Start.Line, document, Child(stack));
                    break;
                case Scalar or AnchorAlias:
                    Advance(stack);
                    break;
            }
        }
    }

    private static string Child(Stack<Level> stack)
    {
        if (!stack.TryPeek(out var level))
        {
            return "";
        }

        return level.Sequence ? $"{level.Path}[{level.Index}]" : level.Path.Length == 0 ? level.Key : $"{level.Path}.{level.Key}";
    }

    private static void Advance(Stack<Level> stack)
    {
        if (stack.TryPeek(out var level))
        {
            if (level.Sequence)
            {
                level.Index++;
            }
            else
            {
                level.ExpectKey = true;
            }
        }
    }

    private sealed class Level(bool sequence, string path)
    {
        public bool Sequence { get; } = sequence;
        public string Path { get; } = path;
        public bool ExpectKey { get; set; } = true;
        public string Key { get; set; } = "";
        public int Index { get; set; }
    }
}
