using System.Text;
using System.Text.RegularExpressions;

namespace Platform.Catalog.Dockerfiles;

/// <summary>One instruction as written: its keyword, the text after it, its lines and its heredocs.</summary>
internal sealed record LogicalInstruction(string Keyword, string Rest, int StartLine, int EndLine, IReadOnlyList<Heredoc> Heredocs);

/// <summary>
/// Turns the lines of a Dockerfile into instructions as Docker's parser does: parser directives at the
/// top, comments, line continuations with the escape character (comment and blank lines inside a
/// continued instruction are skipped), and the heredocs of RUN, COPY and ADD.
/// </summary>
internal sealed partial class DockerfileLines
{
    private static readonly HashSet<string> HeredocKeywords = ["run", "copy", "add"];
    private readonly string[] lines;
    private readonly HashSet<string> seenDirectives = new(StringComparer.Ordinal);
    // Built once per escape character (a Dockerfile may only choose '\\' or '`'), not once per file read.
    private static readonly Regex BackslashContinuation = Continuation('\\');
    private static readonly Regex BacktickContinuation = Continuation('`');
    private Regex continuation = BackslashContinuation;
    private bool directivesDone;
    private int next;

    private DockerfileLines(string text)
    {
        lines = text.TrimStart('\uFEFF').Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        if (lines.Length > 0 && lines[^1].Length == 0)
        {
            lines = lines[..^1];
        }
    }

    public string? Syntax { get; private set; }

    public char Escape { get; private set; } = '\\';

    public List<LogicalInstruction> Instructions { get; } = [];

    /// <summary>The error that stopped the reading, with its line; null when every line was read.</summary>
    public (int Line, string Message)? Error { get; private set; }

    public static DockerfileLines Read(string text)
    {
        var reader = new DockerfileLines(text);
        try
        {
            reader.ReadAll();
        }
        catch (LineException e)
        {
            reader.Error = (e.Line, e.Message);
        }

        return reader;
    }

    private void ReadAll()
    {
        while (next < lines.Length)
        {
            var lineNumber = next + 1;
            var first = lines[next++].TrimStart();
            Directive(first, lineNumber);
            var (text, ended) = TrimContinuation(IsComment(first) ? "" : first);
            if (ended && text.Length == 0)
            {
                continue;
            }

            var joined = new StringBuilder(text);
            while (!ended && next < lines.Length)
            {
                var raw = lines[next++];
                Directive(raw, next);
                if (IsComment(raw) || raw.Trim().Length == 0)
                {
                    continue;
                }

                (text, ended) = TrimContinuation(raw);
                joined.Append(text);
            }

            Instructions.Add(Instruction(joined.ToString(), lineNumber));
        }
    }

    private LogicalInstruction Instruction(string line, int startLine)
    {
        var (keyword, rest) = InstructionText.SplitKeyword(line);
        var heredocs = new List<Heredoc>();
        if (CanContainHeredoc(keyword, rest, startLine))
        {
            foreach (var (name, expand, chomp) in HeredocMarkers(line))
            {
                heredocs.Add(ReadHeredoc(name, expand, chomp, startLine));
            }
        }

        return new LogicalInstruction(keyword, rest, startLine, next, heredocs);
    }

    private bool CanContainHeredoc(string keyword, string rest, int line)
    {
        if (keyword == "onbuild")
        {
            (keyword, rest) = InstructionText.SplitKeyword(rest);
        }

        if (!HeredocKeywords.Contains(keyword))
        {
            return false;
        }

        try
        {
            return InstructionText.TryJsonArray(InstructionText.SplitFlags(rest).Arguments) is null;
        }
        catch (DockerfileSyntaxException e)
        {
            throw new LineException(line, e.Message);
        }
    }

    /// <summary>Words of the line (quotes kept) that open a heredoc: <c>&lt;&lt;EOF</c>, <c>&lt;&lt;-EOF</c>, <c>&lt;&lt;"EOF"</c>.</summary>
    private static IEnumerable<(string Name, bool Expand, bool Chomp)> HeredocMarkers(string line)
    {
        foreach (var word in InstructionText.SplitWords(line, '\\'))
        {
            if (HeredocMarker.Parse(word) is { } marker)
            {
                yield return marker;
            }
        }
    }

    private Heredoc ReadHeredoc(string name, bool expand, bool chomp, int startLine)
    {
        var content = new StringBuilder();
        while (next < lines.Length)
        {
            var line = lines[next++];
            if ((chomp ? line.TrimStart('\t') : line) == name)
            {
                var text = content.ToString();
                return new Heredoc(name, chomp ? LeadingTabs().Replace(text, "") : text, expand, chomp);
            }

            content.Append(line).Append('\n');
        }

        throw new LineException(startLine, $"unterminated heredoc <<{name}: no line '{name}' ends it");
    }

    /// <summary>Parser directives are read until the first line that is not one (an instruction, a comment or a blank line).</summary>
    private void Directive(string line, int lineNumber)
    {
        if (directivesDone)
        {
            return;
        }

        var match = DirectiveLine().Match(line);
        var key = match.Success ? match.Groups[1].Value.ToLowerInvariant() : "";
        if (key is not ("syntax" or "escape" or "check"))
        {
            directivesDone = true;
            return;
        }

        if (!seenDirectives.Add(key))
        {
            throw new LineException(lineNumber, $"only one {key} parser directive can be used");
        }

        var value = match.Groups[2].Value;
        if (key == "syntax")
        {
            Syntax = value;
        }
        else if (key == "escape")
        {
            if (value is not ("`" or "\\"))
            {
                throw new LineException(lineNumber, $"invalid escape token '{value}' does not match ` or \\");
            }

            Escape = value[0];
            continuation = Escape == '`' ? BacktickContinuation : BackslashContinuation;
        }
    }

    private (string Text, bool Ended) TrimContinuation(string line)
    {
        var match = continuation.Match(line);
        return match.Success ? (continuation.Replace(line, "$1"), false) : (line, true);
    }

    private static bool IsComment(string line) => line.TrimStart().StartsWith('#');

    /// <summary>The escape character ends a line that goes on, unless it is itself escaped.</summary>
    private static Regex Continuation(char escape)
    {
        var e = Regex.Escape(escape.ToString());
        return new Regex($@"([^{e}]){e}[ \t]*$|^{e}[ \t]*$", RegexOptions.CultureInvariant);
    }

    [GeneratedRegex(@"^#[ \t\f\r\n]*([a-zA-Z][a-zA-Z0-9]*)[ \t\f\r\n]*=[ \t\f\r\n]*(.+?)[ \t\f\r\n]*$")]
    private static partial Regex DirectiveLine();

    [GeneratedRegex("^\t+", RegexOptions.Multiline)]
    private static partial Regex LeadingTabs();

    private sealed class LineException(int line, string message) : Exception(message)
    {
        public int Line { get; } = line;
    }
}
