using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Platform.Builder.Tests.Statuses;

/// <summary>Keeps every line logged at Information or above, formatted, for tests that read what was logged.</summary>
public sealed class RecordingLogger<T> : ILogger<T>
{
    public ConcurrentQueue<(LogLevel Level, string Text)> Lines { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel))
        {
            Lines.Enqueue((logLevel, formatter(state, exception) + (exception is null ? "" : " " + exception)));
        }
    }
}
