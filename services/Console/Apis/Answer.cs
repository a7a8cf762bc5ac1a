namespace Platform.Console.Apis;

/// <summary>What a service answered: the value, or one line that says why there is none (shown on the page instead).</summary>
public sealed record Answer<T>(T? Value, string? Error)
{
    public static Answer<T> Of(T value) => new(value, null);

    public static Answer<T> Failed(string error) => new(default, error);

    public bool Ok => Error is null;
}

/// <summary>The outcome of an action: what the service said, in a sentence for the page.</summary>
public sealed record ActionOutcome(bool Succeeded, string Message);
