using System.ComponentModel.DataAnnotations;

namespace Platform.Registry;

/// <summary>Timeouts and retries of every request to a registry (section <c>RegistryClient</c>).</summary>
public sealed class RegistryClientOptions
{
    public const string Section = "RegistryClient";

    /// <summary>Longest wait for one answer; a registry slower than this gets an error, not a retry.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00", ErrorMessage = "RegistryClient:RequestTimeout must be between 50 ms and 10 minutes.")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries of a 429, 502, 503 or 504 answer.</summary>
    [Range(0, 10, ErrorMessage = "RegistryClient:MaxRetries must be between 0 and 10.")]
    public int MaxRetries { get; set; } = 3;

    /// <summary>First pause of the exponential backoff when the registry gives no Retry-After.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00", ErrorMessage = "RegistryClient:BackoffBase must be between 0 and 1 minute.")]
    public TimeSpan BackoffBase { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Longest pause the client accepts (Retry-After, a rate-limit reset, backoff); a registry that asks for
    /// longer gets an error at once that says until when, and no request until then.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00", ErrorMessage = "RegistryClient:MaxRetryWait must be between 0 and 1 hour.")]
    public TimeSpan MaxRetryWait { get; set; } = TimeSpan.FromSeconds(30);
}
