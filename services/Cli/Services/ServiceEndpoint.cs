using System.CommandLine;
using System.Text.Json;
using Platform.Cli.Git;

namespace Platform.Cli.Services;

/// <summary>
/// Where a running service's HTTP API is: --url, else PLATFORM_&lt;SERVICE&gt;_URL, else the
/// .platform/endpoints.json that the AppHost writes when the beta environment starts.
/// </summary>
public static class ServiceEndpoint
{
    public static Option<string?> UrlOption(string service) => new("--url")
    {
        Description = $"The {service}'s address [default: ${EnvironmentVariable(service)}, else .platform/endpoints.json of the running beta environment]",
        HelpName = "url",
    };

    public static async Task<Uri> ResolveAsync(string service, string? url, CancellationToken cancellationToken)
    {
        var variable = Environment.GetEnvironmentVariable(EnvironmentVariable(service));
        var text = url ?? (string.IsNullOrWhiteSpace(variable) ? null : variable) ?? await FromEndpointsFileAsync(service, cancellationToken);
        if (text is null)
        {
            throw new CommandLineException(
                $"no address for the {service}: pass --url, set {EnvironmentVariable(service)}, or start the beta environment (bash scripts/beta.sh), which writes .platform/endpoints.json");
        }

        return Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new CommandLineException($"'{text}' is not an http(s) address of the {service}");
    }

    /// <summary>PLATFORM_BUILDER_URL, PLATFORM_DEPLOYER_URL; the registry watcher's is PLATFORM_WATCHER_URL, as it always was.</summary>
    public static string EnvironmentVariable(string service) =>
        service == "registry-watcher" ? "PLATFORM_WATCHER_URL" : $"PLATFORM_{service.Replace('-', '_').ToUpperInvariant()}_URL";

    /// <summary>The service's address in the .platform/endpoints.json of the repository around the current folder, if there is one.</summary>
    public static async Task<string?> FromEndpointsFileAsync(string service, CancellationToken cancellationToken) =>
        (await AllFromEndpointsFileAsync(cancellationToken))?.GetValueOrDefault(service);

    /// <summary>Every service's address in the .platform/endpoints.json of the repository around the current folder; null when there is none.</summary>
    public static async Task<Dictionary<string, string>?> AllFromEndpointsFileAsync(CancellationToken cancellationToken)
    {
        string root;
        try
        {
            root = (await WorkTree.FindAsync(".", cancellationToken)).Path;
        }
        catch (CommandLineException)
        {
            return null;
        }

        var path = Path.Combine(root, ".platform", "endpoints.json");
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(await File.ReadAllTextAsync(path, cancellationToken), CliJson.Default.DictionaryStringString);
        }
        catch (JsonException e)
        {
            throw new CommandLineException(
                $"{JsonErrors.Describe(path, e)} (not a JSON object of service names and addresses); start the beta environment again to rewrite it, or pass --url");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CommandLineException($"{path} could not be read: {e.Message}; pass --url");
        }
    }
}
