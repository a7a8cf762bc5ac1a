using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace Platform.Catalog.Dockerfiles;

/// <summary>
/// The grammar of image references (distribution's <c>reference</c> package, as the engine parses a <c>FROM</c>):
/// <c>[host[:port]/]path[:tag][@digest]</c>, the path in lowercase. Checked with a non-backtracking
/// expression, since the grammar's name components are ambiguous for a backtracking one.
/// </summary>
public static class ImageReference
{
    private const string Component = "[a-z0-9]+(?:(?:[._]|__|-*)[a-z0-9]+)*";
    private const string Host = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*(?::[0-9]+)?";
    private const string Tag = "[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}";
    private const string Digest = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";

    private static readonly Regex Grammar = new(
        $"^(?:{Host}/)?{Component}(?:/{Component})*(?::{Tag})?(?:@{Digest})?$",
        RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);

    // A catalogue names few distinct bases many times (2,000 images on 20 bases): each reference is checked once. The
    // non-backtracking matcher builds its automaton lazily under a lock, which the images analysed in parallel would contend for.
    private static readonly ConcurrentDictionary<string, string?> Checked = new(StringComparer.Ordinal);
    private const int CheckedLimit = 10_000;

    /// <summary>Why the engine would refuse <paramref name="reference"/>, in its words; null when it is valid.</summary>
    public static string? Problem(string reference)
    {
        if (Checked.TryGetValue(reference, out var known))
        {
            return known;
        }

        var problem = Check(reference);
        if (Checked.Count >= CheckedLimit)
        {
            Checked.Clear();
        }

        Checked.TryAdd(reference, problem);
        return problem;
    }

    private static string? Check(string reference)
    {
        var slash = reference.IndexOf('/');
        var first = slash < 0 ? "" : reference[..slash];
        var hasHost = slash >= 0 && (first.Contains('.') || first.Contains(':') || first == "localhost" || first != first.ToLowerInvariant());
        var remainder = hasHost ? reference[(slash + 1)..] : reference;
        var name = remainder.Split('@')[0];
        name = name.Contains(':') ? name[..name.IndexOf(':')] : name;
        if (name != name.ToLowerInvariant())
        {
            return "invalid reference format: repository name must be lowercase";
        }

        if (!Grammar.IsMatch(reference))
        {
            return "invalid reference format";
        }

        return (hasHost ? first.Length + 1 : 0) + name.Length > 255 ? "invalid reference format: repository name must not be more than 255 characters" : null;
    }
}
