using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace Platform.Registry.Http;

/// <summary>A registry's <c>WWW-Authenticate</c> challenge: <c>Bearer realm="...",service="...",scope="..."</c> or <c>Basic realm="..."</c>.</summary>
public sealed partial record AuthenticationChallenge(string Scheme, IReadOnlyDictionary<string, string> Parameters)
{
    public bool IsBearer => Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase);

    public bool IsBasic => Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase);

    public string? Realm => Parameters.GetValueOrDefault("realm");

    public string? Service => Parameters.GetValueOrDefault("service");

    public string? Scope => Parameters.GetValueOrDefault("scope");

    /// <summary>The first Bearer or Basic challenge of an answer, Bearer preferred.</summary>
    public static AuthenticationChallenge? From(HttpHeaderValueCollection<AuthenticationHeaderValue> headers)
    {
        var challenges = headers.Select(h => Parse(h.Scheme, h.Parameter)).ToList();
        return challenges.FirstOrDefault(c => c.IsBearer) ?? challenges.FirstOrDefault(c => c.IsBasic);
    }

    public static AuthenticationChallenge Parse(string scheme, string? parameters)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (Match match in ParameterPattern().Matches(parameters ?? ""))
        {
            values[match.Groups["name"].Value] = match.Groups["quoted"].Success ? match.Groups["quoted"].Value : match.Groups["plain"].Value;
        }

        return new AuthenticationChallenge(scheme, values);
    }

    [GeneratedRegex("""(?<name>[A-Za-z0-9_-]+)\s*=\s*(?:"(?<quoted>[^"]*)"|(?<plain>[^,\s]*))""")]
    private static partial Regex ParameterPattern();
}
