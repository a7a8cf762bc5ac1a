using Microsoft.Extensions.Options;

namespace Platform.Registry;

/// <summary>Checks <see cref="RegistryOptions"/> at start, naming the key of a bad setting.</summary>
internal sealed class RegistryOptionsValidator : IValidateOptions<RegistryOptions>
{
    public ValidateOptionsResult Validate(string? name, RegistryOptions options)
    {
        var errors = new List<string>();
        for (var i = 0; i < options.Hosts.Count; i++)
        {
            var host = options.Hosts[i];
            var key = $"{RegistryOptions.Section}:{i}";
            if (string.IsNullOrWhiteSpace(host.Host) || host.Host.Contains('/') || host.Host.Contains("://", StringComparison.Ordinal))
            {
                errors.Add($"{key}:Host must be a registry host as references write it (for example ghcr.io or 127.0.0.1:5000), not '{host.Host}'.");
            }

            if (host.Username is { Length: > 0 } && host.Password is null)
            {
                errors.Add($"{key}:Password is missing for {key}:Username (set it with user secrets or the environment variable {RegistryOptions.Section}__{i}__Password).");
            }

            if (host.Token is { Length: > 0 } && host.Username is { Length: > 0 })
            {
                errors.Add($"{key}: give either Token or Username and Password, not both.");
            }

            if (host.MaxConcurrentRequests is < 1 or > 256)
            {
                errors.Add($"{key}:MaxConcurrentRequests must be between 1 and 256.");
            }

            if (host.RequestsPerSecond is < 0)
            {
                errors.Add($"{key}:RequestsPerSecond must be 0 (no limit) or more.");
            }

            if (host.Mirror is { } mirror && (!mirror.IsAbsoluteUri || mirror.Scheme is not ("http" or "https")))
            {
                errors.Add($"{key}:Mirror must be an http(s) address, for example https://mirror.example.com.");
            }
        }

        foreach (var duplicate in options.Hosts.GroupBy(h => h.Host, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            errors.Add($"{RegistryOptions.Section} lists {duplicate.Key} more than once.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
