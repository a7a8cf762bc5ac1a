using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Platform.Deployer.Tests.Notifications;

/// <summary>Keeps every log line written, with its arguments, to look for what must not be there.</summary>
public sealed class ListLogger<T> : ILogger<T>
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Lines.Enqueue($"{logLevel} {formatter(state, exception)} {exception}");

    public string All => string.Join('\n', Lines);
}
