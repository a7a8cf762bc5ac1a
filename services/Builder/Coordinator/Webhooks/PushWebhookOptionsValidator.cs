using Microsoft.Extensions.Options;

namespace Platform.Builder.Coordinator.Webhooks;

/// <summary>Refuses a secret too short to be safe at start, naming its key (never its value).</summary>
internal sealed class PushWebhookOptionsValidator : IValidateOptions<PushWebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, PushWebhookOptions options)
    {
        var errors = new List<string>();
        foreach (var (provider, secret) in new[]
        {
            (nameof(PushWebhookOptions.GitHub), options.GitHub.Secret),
            (nameof(PushWebhookOptions.GitLab), options.GitLab.Secret),
            (nameof(PushWebhookOptions.Gitea), options.Gitea.Secret),
            (nameof(PushWebhookOptions.Git), options.Git.Secret),
        })
        {
            if (secret is { Length: > 0 } && (secret.Trim().Length < PushWebhookOptions.MinSecretLength || secret.Trim() != secret))
            {
                errors.Add($"{PushWebhookOptions.Section}:{provider}:Secret must be at least {PushWebhookOptions.MinSecretLength} characters with no space at either end (leave it empty to turn the {provider} webhook off).");
            }
        }

        if (options.Repository is { } repository && !FollowedRepository.IsName(repository))
        {
            errors.Add($"{PushWebhookOptions.Section}:Repository is '{repository}'; give owner/name (group/name on GitLab) or the repository's clone URL.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
