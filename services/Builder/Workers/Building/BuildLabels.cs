using System.Text.RegularExpressions;

namespace Platform.Builder.Workers.Building;

/// <summary>
/// The labels every built image carries (its catalogue name, title and commit), written as one <c>LABEL</c> instruction at
/// the end of the Dockerfile the engine receives. The engine's build API would add each label of its <c>labels</c>
/// parameter as a step of its own, and the classic builder runs a container for every step it cannot take from its cache:
/// with the commit's label changing at each commit that was two containers per build; one instruction is one.
/// </summary>
public static partial class BuildLabels
{
    public static IReadOnlyDictionary<string, string> For(string image, string commit) => new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        ["dev.platform.image"] = image,
        ["org.opencontainers.image.revision"] = commit,
        ["org.opencontainers.image.title"] = image,
    };

    /// <summary>
    /// The Dockerfile with the labels that can be written safely in it (letters, digits and <c>._/:@+-</c>: nothing the
    /// Dockerfile's quoting, escape character or variable expansion would change) as one final <c>LABEL</c>, which
    /// applies to the last stage, as the build API's labels do.
    /// </summary>
    public static string Append(string dockerfile, IReadOnlyDictionary<string, string> labels)
    {
        var safe = labels.Where(IsPlain).ToList();
        if (safe.Count == 0)
        {
            return dockerfile;
        }

        var newline = dockerfile.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var ending = dockerfile.Length == 0 || dockerfile.EndsWith('\n') ? "" : newline;
        return dockerfile + ending + "LABEL " + string.Join(' ', safe.Select(l => $"\"{l.Key}\"=\"{l.Value}\"")) + newline;
    }

    /// <summary>The labels <see cref="Append"/> leaves out, for the build API's parameter.</summary>
    public static IDictionary<string, string> NotInDockerfile(IReadOnlyDictionary<string, string> labels) =>
        labels.Where(l => !IsPlain(l)).ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal);

    private static bool IsPlain(KeyValuePair<string, string> label) => Plain().IsMatch(label.Key) && Plain().IsMatch(label.Value);

    [GeneratedRegex(@"^[A-Za-z0-9._/:@+-]+$")]
    private static partial Regex Plain();
}
