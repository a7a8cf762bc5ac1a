using Platform.Builder.Workers.Building;
using Platform.Contracts;

namespace Platform.Builder.Coordinator.Statuses;

/// <summary>The one line a status says, kept to <see cref="CommitStatus.MaxDescription"/> characters.</summary>
public static class CommitStatusText
{
    public static string Queued(string reason, int wave, int waves) =>
        Fit(waves > 1 ? $"queued (wave {wave + 1} of {waves}): {reason}" : $"queued: {reason}");

    public static string Building(string instance, bool takenOver) =>
        Fit(takenOver ? $"building on {instance} (taken over from an instance that stopped)" : $"building on {instance}");

    /// <param name="resumed">An earlier attempt had pushed the index: this one only set the tags.</param>
    public static string Built(IEnumerable<string> platforms, TimeSpan? duration, bool resumed)
    {
        var list = string.Join(", ", platforms);
        return Fit(resumed
            ? $"tagged {list}, pushed by an earlier attempt"
            : duration is { } took ? $"built {list} in {Duration(took)}" : $"built {list}");
    }

    public static string NothingToBuild(int images) =>
        Fit($"nothing to build: {images} image{(images == 1 ? "" : "s")}, none changed");

    /// <summary>What failed, where, and the first useful line of the error, without the image name the context already says.</summary>
    public static string Failed(string image, BuildFailureStage stage, string? platform, string error)
    {
        var detail = FirstLine(image, platform, error);
        var name = stage.ToName();
        return Fit(stage switch
        {
            BuildFailureStage.Spec => $"not built, catalogue problem: {detail}",
            BuildFailureStage.Base => detail,
            BuildFailureStage.Cancelled => "cancelled",
            _ when platform is not null => $"{name} failed on {platform}: {detail}",
            _ => $"{name} failed: {detail}",
        });
    }

    /// <summary>Catalogue problems of an image: the first, and how many more.</summary>
    public static string Problems(IReadOnlyList<string> problems) =>
        Fit($"not built, catalogue problem: {problems[0]}{(problems.Count > 1 ? $" (+{problems.Count - 1} more)" : "")}");

    public static string Duration(TimeSpan duration) => duration switch
    {
        { TotalSeconds: < 60 } => $"{Math.Max(0, (int)Math.Round(duration.TotalSeconds))} s",
        { TotalMinutes: < 60 } => $"{(int)duration.TotalMinutes} min {duration.Seconds} s",
        _ => $"{(int)duration.TotalHours} h {duration.Minutes} min",
    };

    /// <summary>The first non-blank line, without a leading "image for platform: " or "image: ".</summary>
    public static string FirstLine(string image, string? platform, string error)
    {
        var line = error.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "";
        foreach (var prefix in new[] { platform is null ? null : $"{image} for {platform}: ", $"{image}: " })
        {
            if (prefix is not null && line.StartsWith(prefix, StringComparison.Ordinal))
            {
                return line[prefix.Length..];
            }
        }

        return line;
    }

    /// <summary>Cuts a line to the providers' limit, ending it with an ellipsis when it was longer.</summary>
    public static string Fit(string text)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        if (line.Length <= CommitStatus.MaxDescription)
        {
            return line;
        }

        var cut = CommitStatus.MaxDescription - 1;
        // Never half of a surrogate pair: the provider would refuse the JSON or show a broken character.
        if (char.IsHighSurrogate(line[cut - 1]))
        {
            cut--;
        }

        return string.Concat(line.AsSpan(0, cut), "…");
    }
}
