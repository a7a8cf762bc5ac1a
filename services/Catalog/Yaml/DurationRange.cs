namespace Platform.Catalog.Yaml;

/// <summary>An inclusive range of durations, with its ends written as a spec file would write them (<c>1s</c>, <c>7d</c>).</summary>
public sealed record DurationRange
{
    public DurationRange(string minText, string maxText)
    {
        if (!Durations.TryParse(minText, out var min) || !Durations.TryParse(maxText, out var max) || min > max)
        {
            throw new ArgumentException($"'{minText}' to '{maxText}' is not a range of durations");
        }

        (Min, Max, MinText, MaxText) = (min, max, minText, maxText);
    }

    public TimeSpan Min { get; }

    public TimeSpan Max { get; }

    public string MinText { get; }

    public string MaxText { get; }

    public bool Contains(TimeSpan duration) => duration >= Min && duration <= Max;

    public override string ToString() => $"from {MinText} to {MaxText}";
}
