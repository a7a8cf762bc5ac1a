using Microsoft.Extensions.Logging;
using Platform.Catalog;
using Platform.Catalog.Git;
using Platform.Catalog.Remote;

namespace Platform.Cli.Git;

/// <summary>
/// A remote given to <c>--repository</c>: a bare mirror in the user's cache folder
/// (<c>$XDG_CACHE_HOME/platform/repositories/&lt;hash&gt;</c>, else <c>~/.cache/...</c>), cloned the first time and
/// fetched every time. Credentials come from the same settings as the services', as environment variables.
/// </summary>
public static class RemoteCache
{
    public static async Task<GitRepository> OpenAsync(RepositoryAddress address, TextWriter error, CancellationToken cancellationToken)
    {
        var settings = Settings(address);
        if (RemoteAccess.Problems(address, settings).FirstOrDefault() is { } problem)
        {
            throw new CommandLineException(problem.Replace("Catalog:", "Catalog__", StringComparison.Ordinal));
        }

        var mirror = new RepositoryMirror(address, settings, FolderOf(address), TimeProvider.System, new StderrLogger(error));
        try
        {
            // A fetch that fails leaves the cache as it was: the plan is made from it, after a warning.
            await mirror.RefreshAsync(cancellationToken);
        }
        catch (GitException e)
        {
            throw CommandLineException.Failed(e.Message);
        }

        return mirror.Repository;
    }

    public static string FolderOf(RepositoryAddress address)
    {
        var cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(cache, "platform", "repositories", CatalogRepository.Key(address.Text));
    }

    /// <summary>The credential settings, from the environment variables the services read too (<c>Catalog__Token</c>, ...).</summary>
    private static CatalogOptions Settings(RepositoryAddress address)
    {
        static string? Read(string key) => Environment.GetEnvironmentVariable($"Catalog__{key}") is { Length: > 0 } value ? value : null;
        return new CatalogOptions
        {
            Repository = address.Text,
            Username = Read(nameof(CatalogOptions.Username)),
            Password = Read(nameof(CatalogOptions.Password)),
            Token = Read(nameof(CatalogOptions.Token)),
            SshKeyFile = Read(nameof(CatalogOptions.SshKeyFile)),
            SshKnownHosts = Read(nameof(CatalogOptions.SshKnownHosts)),
            SshKnownHostsFile = Read(nameof(CatalogOptions.SshKnownHostsFile)),
            PartialClone = Read(nameof(CatalogOptions.PartialClone)) is not { } partial || !bool.TryParse(partial, out var value) || value,
            FetchInterval = TimeSpan.FromMilliseconds(100),
        };
    }

    /// <summary>The mirror's log lines (clone progress, fetched refs, a failed fetch) as lines on stderr.</summary>
    private sealed class StderrLogger(TextWriter error) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                error.WriteLine($"{(logLevel >= LogLevel.Warning ? "warning" : "platform")}: {formatter(state, exception)}");
            }
        }
    }
}
