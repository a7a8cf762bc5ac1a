using Microsoft.Extensions.Options;
using Platform.Registry;

namespace Platform.RegistryWatcher;

/// <summary>Checks the configured watches and upstream settings at start, naming the key of a bad one.</summary>
internal sealed class WatcherOptionsValidator : IValidateOptions<WatcherOptions>
{
    public ValidateOptionsResult Validate(string? name, WatcherOptions options)
    {
        var errors = new List<string>();
        foreach (var (index, watch) in options.Watches.Index())
        {
            if (watch.Resolve($"{WatcherOptions.Section}:Watches:{index}") is (_, { } error))
            {
                errors.Add(error);
            }
        }

        foreach (var (index, reference) in options.Upstream.Ignore.Index())
        {
            // A reference with a platform variable (platform/root:busybox-${TARGETARCH}) is matched as written.
            if (!reference.Contains("${", StringComparison.Ordinal) && !ImageReference.TryParse(reference, out _, out var error))
            {
                errors.Add($"{WatcherOptions.Section}:Upstream:Ignore:{index}: {error}.");
            }
        }

        if (options.Tags.Any(string.IsNullOrWhiteSpace))
        {
            errors.Add($"{WatcherOptions.Section}:Tags must not hold an empty tag.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
