namespace Platform.Faults.Tests.Harness;

/// <summary>What the suite did and found: faults injected, changes lost, changes doubled; one line for docs/reliability.md.</summary>
public sealed class FaultLedger
{
    private readonly List<string> lines = [];
    private int faults;
    private int lost;
    private int duplicated;

    public void Injected(string fault)
    {
        lock (lines)
        {
            faults++;
            lines.Add($"fault: {fault}");
        }
    }

    public void Found(string scenario, int lostChanges, int duplicatedChanges, string detail)
    {
        lock (lines)
        {
            lost += lostChanges;
            duplicated += duplicatedChanges;
            lines.Add($"{scenario}: lost {lostChanges}, duplicated {duplicatedChanges}{(detail.Length > 0 ? $" ({detail})" : "")}");
        }
    }

    public string Summary
    {
        get
        {
            lock (lines)
            {
                return $"faults injected: {faults}, lost: {lost}, duplicated: {duplicated}";
            }
        }
    }

    public void WriteSummary(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        lock (lines)
        {
            File.WriteAllLines(path, [Summary, .. lines]);
        }
    }
}
