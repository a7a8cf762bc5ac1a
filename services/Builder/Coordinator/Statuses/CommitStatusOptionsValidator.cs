using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Platform.Builder.Coordinator.Statuses;

/// <summary>Checks the commit status settings at start, naming the key that is wrong; with no provider, any other setting is a mistake too.</summary>
public sealed partial class CommitStatusOptionsValidator : IValidateOptions<CommitStatusOptions>
{
    private const string S = CommitStatusOptions.Section;

    public ValidateOptionsResult Validate(string? name, CommitStatusOptions options)
    {
        var errors = new List<string>();
        if (CommitStatusOptions.Parse(options.Provider) is not { } provider)
        {
            return ValidateOptionsResult.Fail($"{S}:Provider is '{options.Provider}'; use github, gitlab, gitea (also for Forgejo), or none.");
        }

        if (provider == CommitStatusProvider.None)
        {
            var set = new[] { ("ApiUrl", options.ApiUrl), ("Token", options.Token), ("Repository", options.Repository) }
                .Where(s => !string.IsNullOrWhiteSpace(s.Item2)).Select(s => $"{S}:{s.Item1}").ToList();
            return set.Count == 0
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail($"{string.Join(", ", set)} {(set.Count == 1 ? "is" : "are")} set but {S}:Provider is not: name the provider (github, gitlab, gitea) or remove the settings.");
        }

        var apiUrl = string.IsNullOrWhiteSpace(options.ApiUrl) ? CommitStatusOptions.DefaultApiUrl(provider) : options.ApiUrl;
        if (apiUrl is null)
        {
            errors.Add($"{S}:ApiUrl is required for {provider}: the API base of the server, for example https://gitea.example.com/api/v1.");
        }
        else if (!Uri.TryCreate(apiUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            errors.Add($"{S}:ApiUrl is '{apiUrl}'; give the http(s) address of the API, without credentials or query, for example https://gitlab.example.com/api/v4.");
        }
        else if (uri.Scheme == "http" && !IsLoopback(uri))
        {
            errors.Add($"{S}:ApiUrl is '{apiUrl}': the token would travel in plain http; use https (plain http is only for loopback).");
        }

        if (string.IsNullOrWhiteSpace(options.Token))
        {
            errors.Add($"{S}:Token is required for {provider}: set it in user secrets or the environment variable {S}__Token (the AppHost: parameter commit-status-token).");
        }
        else if (options.Token.Any(char.IsWhiteSpace))
        {
            errors.Add($"{S}:Token has white space in it (a line break copied with it?).");
        }

        var repository = options.Repository?.Trim() ?? "";
        var valid = provider == CommitStatusProvider.GitLab ? GitLabProject().IsMatch(repository) : OwnerAndName().IsMatch(repository);
        if (!valid)
        {
            errors.Add(provider == CommitStatusProvider.GitLab
                ? $"{S}:Repository is '{repository}'; give the GitLab project id (1234) or its path (group/subgroup/project)."
                : $"{S}:Repository is '{repository}'; give it as owner/name, for example data-team/images.");
        }

        if (options.Timeout < TimeSpan.FromMilliseconds(100) || options.Timeout > TimeSpan.FromMinutes(5))
        {
            errors.Add($"{S}:Timeout must be between 100 ms and 5 minutes.");
        }

        if (options.GiveUpAfter < TimeSpan.FromSeconds(1) || options.GiveUpAfter > TimeSpan.FromDays(7))
        {
            errors.Add($"{S}:GiveUpAfter must be between 1 s and 7 days.");
        }

        if (options.QueueCapacity is < 1 or > 100_000)
        {
            errors.Add($"{S}:QueueCapacity must be between 1 and 100000.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));

    [GeneratedRegex(@"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")]
    private static partial Regex OwnerAndName();

    [GeneratedRegex(@"^([0-9]+|[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)+)$")]
    private static partial Regex GitLabProject();
}
