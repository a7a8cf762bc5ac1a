using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Catalog.Remote;
using Platform.Testing;

namespace Platform.Catalog.Tests.Remote;

/// <summary>
/// A developer's work tree, and a service's view of the remote it is pushed to: <see cref="CatalogRepository"/> and
/// <see cref="CatalogSource"/> exactly as a service builds them from its settings, with a mirror folder of its own
/// and every log line kept.
/// </summary>
public sealed class MirrorScenario : IDisposable
{
    private readonly TempDirectory data = new("mirror");

    private MirrorScenario(TempGitRepository work)
    {
        Work = work;
    }

    public TempGitRepository Work { get; }

    public string MirrorFolder => data.Combine("repository");

    public RecordingLogger Log { get; } = new();

    public static async Task<MirrorScenario> CreateAsync(int images = 2)
    {
        var scenario = new MirrorScenario(await TempGitRepository.CreateAsync());
        for (var i = 0; i < images; i++)
        {
            scenario.Work.WriteFile($"images/app{i}/Dockerfile", $"FROM scratch\nCOPY data.txt /\n");
            scenario.Work.WriteFile($"images/app{i}/data.txt", $"data of app {i}\n");
        }

        return scenario;
    }

    /// <summary>What a service builds from its Catalog settings.</summary>
    public (CatalogRepository Repository, CatalogSource Catalog) Follow(CatalogOptions settings)
    {
        settings.MirrorDirectory ??= MirrorFolder;
        var options = Options.Create(settings);
        var repository = new CatalogRepository(options, TimeProvider.System, Log.For<CatalogRepository>());
        return (repository, new CatalogSource(repository, options));
    }

    public void Dispose()
    {
        Work.Dispose();
        data.Dispose();
    }
}

/// <summary>Keeps every log line written, formatted, for the tests that check what the log says and never says.</summary>
public sealed class RecordingLogger
{
    private readonly List<string> lines = [];

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (lines)
            {
                return [.. lines];
            }
        }
    }

    public string Text => string.Join('\n', Lines);

    public ILogger<T> For<T>() => new Logger<T>(this);

    private void Add(string line)
    {
        lock (lines)
        {
            lines.Add(line);
        }
    }

    private sealed class Logger<T>(RecordingLogger owner) : ILogger<T>
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Add($"{logLevel}: {formatter(state, exception)}{(exception is null ? "" : " " + exception)}");
    }
}
