using System.Text.RegularExpressions;

namespace Platform.Catalog.Dockerfiles;

/// <summary>A word that opens a heredoc: <c>&lt;&lt;EOF</c>, <c>&lt;&lt;-EOF</c>, <c>&lt;&lt;'EOF'</c>, <c>2&lt;&lt;EOF</c>.</summary>
internal static partial class HeredocMarker
{
    /// <summary>The heredoc a word opens (its name without quotes), or null when it opens none.</summary>
    public static (string Name, bool Expand, bool Chomp)? Parse(string word)
    {
        var match = Marker().Match(word);
        if (!match.Success || match.Groups[2].Length == 0)
        {
            return null;
        }

        var rest = match.Groups[2].Value;
        string name;
        try
        {
            name = ShellWord.Expand(rest, '\\', _ => null);
        }
        catch (DockerfileSyntaxException)
        {
            return null;
        }

        if (name.Length == 0 || name.Any(char.IsWhiteSpace))
        {
            return null;
        }

        var quoted = rest.Count(c => c is '"' or '\'') != name.Count(c => c is '"' or '\'');
        return (name, !quoted, match.Groups[1].Value == "-");
    }

    [GeneratedRegex(@"^\d*<<(-?)([^<]*)$")]
    private static partial Regex Marker();
}
