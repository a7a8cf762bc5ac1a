namespace Platform.Console.Live;

/// <summary>What a bus event changed, for the pages that show it: <see cref="Area"/> is one of the constants below.</summary>
public sealed record LiveChange(string Area, string Subject, string Summary, DateTimeOffset At)
{
    public const string Builds = "builds";
    public const string Watches = "watches";
    public const string Deployments = "deployments";
    public const string Jobs = "jobs";
}
