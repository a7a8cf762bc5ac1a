using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

namespace Platform.Deployer.Notifications;

/// <summary>
/// The deployer's <c>notify:</c> settings (section <c>Deployer:Notify</c>): where the events of its environment are sent. They are settings,
/// not part of the committed environment files, because a receiver's URL (Slack's above all) or signing key is a secret.
/// </summary>
public sealed partial class NotifyOptions : IValidatableObject
{
    public const string Section = "Deployer:Notify";

    /// <summary>The receivers by name (<c>Deployer:Notify:Receivers:team:Url</c>); none by default.</summary>
    public Dictionary<string, NotifyReceiver> Receivers { get; set; } = new(StringComparer.Ordinal);

    /// <summary>A failure of the same thing (an image's build, a service's rollout, a job's runs) is sent once in this time; the repeats are counted in the next message.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00", ErrorMessage = "Deployer:Notify:CollapseWindow must be between 0 and 7 days.")]
    public TimeSpan CollapseWindow { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How often one message is tried when its receiver answers 429 or 5xx or cannot be reached.</summary>
    [Range(1, 20, ErrorMessage = "Deployer:Notify:MaxAttempts must be a whole number from 1 to 20.")]
    public int MaxAttempts { get; set; } = 6;

    /// <summary>The wait before the second attempt; it doubles with each further attempt (up to 5 minutes) unless the receiver's <c>Retry-After</c> says.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:05:00", ErrorMessage = "Deployer:Notify:RetryDelay must be between 10 ms and 5 minutes.")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long one attempt may take.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:02:00", ErrorMessage = "Deployer:Notify:Timeout must be between 100 ms and 2 minutes.")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The link of a failed build's log, with <c>{image}</c>, <c>{commit}</c> and <c>{attempt}</c>, for example the builder's <c>http://builder:8080/api/builds?image={image}</c>.</summary>
    public string? BuildLogLink { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, receiver) in Receivers)
        {
            var key = $"{Section}:Receivers:{name}";
            // The URL is a secret: the message names the key, never the value.
            if (!Uri.TryCreate(receiver.Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                yield return new ValidationResult($"{key}:Url is not an http(s) address (the value is a secret and is not shown).", [nameof(Receivers)]);
            }

            if (receiver.Kind == ReceiverKind.Webhook && (receiver.Secret?.Length ?? 0) < 16)
            {
                yield return new ValidationResult($"{key}:Secret must be at least 16 characters: a generic webhook is signed with HMAC-SHA256.", [nameof(Receivers)]);
            }

            foreach (var kind in receiver.EventNames())
            {
                if (!NoticeKinds.TryParse(kind, out _))
                {
                    yield return new ValidationResult($"{key}:Events names '{kind}'; the events are {string.Join(", ", NoticeKinds.Names)}.", [nameof(Receivers)]);
                }
            }

            foreach (var environment in receiver.EnvironmentNames().Where(e => !EnvironmentName().IsMatch(e)))
            {
                yield return new ValidationResult($"{key}:Environments names '{environment}', which is no environment name.", [nameof(Receivers)]);
            }
        }

        if (BuildLogLink is { Length: > 0 } link && !Uri.TryCreate(link.Replace("{", "", StringComparison.Ordinal).Replace("}", "", StringComparison.Ordinal), UriKind.Absolute, out _))
        {
            yield return new ValidationResult($"{Section}:BuildLogLink is '{link}', which is no absolute address.", [nameof(BuildLogLink)]);
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,30}$")]
    private static partial Regex EnvironmentName();
}

/// <summary>One receiver of notifications. Its <see cref="Url"/> and <see cref="Secret"/> are secrets: they are never logged, and <see cref="ToString"/> leaves them out.</summary>
public sealed class NotifyReceiver
{
    public ReceiverKind Kind { get; set; } = ReceiverKind.Slack;

    public string Url { get; set; } = "";

    /// <summary>The key a generic webhook's body is signed with (<c>X-Platform-Signature-256</c>).</summary>
    public string? Secret { get; set; }

    /// <summary>The events it gets (<c>build-failed</c>, <c>rolled-back</c>, <c>job-failed</c>, <c>awaiting-approval</c>, <c>promoted</c>; one entry may list several, comma-separated); none means all.</summary>
    public List<string> Events { get; set; } = [];

    /// <summary>The environments whose events it gets; none means all.</summary>
    public List<string> Environments { get; set; } = [];

    public IEnumerable<string> EventNames() => Split(Events);

    public IEnumerable<string> EnvironmentNames() => Split(Environments);

    public bool Wants(Notice notice) =>
        (Events.Count == 0 || EventNames().Any(e => NoticeKinds.TryParse(e, out var kind) && kind == notice.Kind))
        && (Environments.Count == 0 || EnvironmentNames().Contains(notice.Environment, StringComparer.Ordinal));

    public override string ToString() => $"{Kind} receiver";

    private static IEnumerable<string> Split(IEnumerable<string> entries) =>
        entries.SelectMany(e => e.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}

public enum ReceiverKind
{
    /// <summary>A Slack incoming webhook: <c>text</c> and Block Kit <c>blocks</c>.</summary>
    Slack,

    /// <summary>A Microsoft Teams workflow webhook: a message with one Adaptive Card.</summary>
    Teams,

    /// <summary>A Discord webhook: <c>content</c> and one embed.</summary>
    Discord,

    /// <summary>Any HTTP endpoint: the event as JSON, signed with HMAC-SHA256 of the body.</summary>
    Webhook,
}
