using System.ComponentModel.DataAnnotations;

namespace Platform.Builder.Coordinator.Webhooks;

/// <summary>
/// The push webhooks of the builder (section <c>Builder:Webhooks</c>). A provider without a secret is off: its
/// URL answers 404. Secrets come from user secrets, the environment or the AppHost's secret parameters; never logged.
/// </summary>
public sealed class PushWebhookOptions
{
    public const string Section = "Builder:Webhooks";

    /// <summary>Shortest secret accepted: a guessable shared secret would let anyone make the builder look at the repository.</summary>
    public const int MinSecretLength = 16;

    /// <summary>GitHub (<c>POST /api/webhooks/github</c>): the webhook's secret, checked against <c>X-Hub-Signature-256</c>.</summary>
    public ProviderSecret GitHub { get; set; } = new();

    /// <summary>GitLab (<c>POST /api/webhooks/gitlab</c>): the webhook's secret token, sent as <c>X-Gitlab-Token</c>.</summary>
    public ProviderSecret GitLab { get; set; } = new();

    /// <summary>Gitea and Forgejo (<c>POST /api/webhooks/gitea</c>): the webhook's secret, checked against <c>X-Gitea-Signature</c>.</summary>
    public ProviderSecret Gitea { get; set; } = new();

    /// <summary>Any git server's post-receive hook (<c>POST /api/webhooks/git</c>): sent as <c>Authorization: Bearer &lt;secret&gt;</c>.</summary>
    public ProviderSecret Git { get; set; } = new();

    /// <summary>
    /// The repository the webhooks are for: <c>owner/name</c> (<c>group/subgroup/name</c> on GitLab) or a clone URL.
    /// Pushes to other repositories are ignored. Empty: the remote <c>Catalog:Repository</c> names it, and a local
    /// folder accepts a push to any repository (each is only a hint to look).
    /// </summary>
    public string? Repository { get; set; }

    /// <summary>Largest webhook body accepted; a larger one answers 413 (GitHub caps its payloads at 25 MB; a push of many commits is rarely over 1 MB).</summary>
    [Range(1024, 64 * 1024 * 1024, ErrorMessage = "Builder:Webhooks:MaxBodyBytes must be between 1 KiB and 64 MiB.")]
    public int MaxBodyBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>How many recent delivery ids are remembered to drop a delivery the provider sends again.</summary>
    [Range(16, 1_000_000, ErrorMessage = "Builder:Webhooks:RememberedDeliveries must be between 16 and 1,000,000.")]
    public int RememberedDeliveries { get; set; } = 10_000;

    public sealed class ProviderSecret
    {
        public string? Secret { get; set; }
    }
}
