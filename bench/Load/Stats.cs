using System.Globalization;

namespace Platform.Bench.Load;

/// <summary>Small helpers the load runs share: percentiles and number formatting.</summary>
public static class Stats
{
    public static double Percentile(IReadOnlyCollection<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted[(int)Math.Clamp(Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    public static string F(double value, string format = "0.#") =>
        double.IsNaN(value) ? "n/a" : value.ToString(format, CultureInfo.InvariantCulture);

    public static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Now() => DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}

/// <summary>The checks of a run, each with what was expected and what was seen.</summary>
public sealed class CheckList
{
    private readonly List<LoadCheck> checks = [];

    public IReadOnlyList<LoadCheck> All => checks;

    public void Add(string what, string expected, string seen, bool passed, TextWriter output)
    {
        checks.Add(new LoadCheck(what, expected, seen, passed));
        output.WriteLine($"  [{(passed ? "ok" : "FAILED")}] {what}: expected {expected}, seen {seen}");
    }
}
