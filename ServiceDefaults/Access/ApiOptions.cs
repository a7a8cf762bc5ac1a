using System.ComponentModel.DataAnnotations;

namespace Platform.ServiceDefaults.Access;

/// <summary>
/// Who may call the endpoints that change something (section <c>Api</c>): from this machine anyone, from elsewhere only a
/// caller that sends <c>Authorization: Bearer &lt;Api:Token&gt;</c>. The AppHost gives every service the secret parameter
/// <c>api-token</c> as <c>Api__Token</c>; the console and the CLI send it. The token is never logged.
/// </summary>
public sealed class ApiOptions
{
    public const string Section = "Api";

    /// <summary>The environment variable that sets <see cref="Token"/>, as messages name it.</summary>
    public const string TokenVariable = "Api__Token";

    /// <summary>The shared token; empty: calls that change something are answered from loopback only (403 from elsewhere).</summary>
    // Visible ASCII only: a header value loses surrounding spaces, and a control character cannot be sent at all.
    [RegularExpression(@"^[\x21-\x7E]{16,}$", ErrorMessage = "Api:Token must be at least 16 visible ASCII characters (no spaces); the AppHost generates 32.")]
    public string? Token { get; set; }

    /// <summary>
    /// Calls from this machine (127.0.0.0/8, ::1, through no proxy) need no token. Set it to false where loopback is not only this
    /// machine's people: a sidecar proxy, <c>kubectl port-forward</c> (both arrive from 127.0.0.1 inside the pod).
    /// </summary>
    public bool OpenOnLoopback { get; set; } = true;

    public bool HasToken => !string.IsNullOrEmpty(Token);
}
