using System.Diagnostics;
using System.Globalization;

namespace Platform.AppHost.Tests.Supervision;

/// <summary>The process behind a resource of a running AppHost, as its snapshot and Linux's /proc tell.</summary>
public static class ResourceProcess
{
    /// <summary>The PID DCP started (for a project, <c>dotnet run</c>; for an executable, the program itself).</summary>
    public static int? PidOf(ResourceEvent resource) =>
        resource.Snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value switch
        {
            int pid when pid > 0 => pid,
            long pid when pid > 0 => (int)pid,
            string text when int.TryParse(text, CultureInfo.InvariantCulture, out var pid) && pid > 0 => pid,
            _ => null,
        };

    public static string? PropertyOf(ResourceEvent resource, string name) =>
        resource.Snapshot.Properties.FirstOrDefault(p => p.Name == name)?.Value?.ToString();

    /// <summary>The service's own process: the child of <c>dotnet run</c> that runs the built program, if it runs yet.</summary>
    public static int? ServiceProcessOf(int dotnetRunPid, string program)
    {
        var matches = ChildrenOf(dotnetRunPid).Where(pid => CommandLineOf(pid).Contains(program, StringComparison.Ordinal)).ToList();
        return matches.Count == 1 ? matches[0] : null;
    }

    public static string CommandLineOf(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return "";
        }
    }

    public static bool IsAlive(int pid) => File.Exists($"/proc/{pid}/stat") && !IsZombie(pid);

    /// <summary>SIGKILL, as <c>kill -9</c>: the process gets no chance to shut down.</summary>
    public static void KillHard(int pid) => Process.GetProcessById(pid).Kill(entireProcessTree: false);

    private static List<int> ChildrenOf(int parent)
    {
        var children = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), CultureInfo.InvariantCulture, out var pid) && Stat(pid) is { } stat && stat.ParentPid == parent)
            {
                children.Add(pid);
            }
        }

        return children;
    }

    private static bool IsZombie(int pid) => Stat(pid)?.State == 'Z';

    /// <summary>State and parent from /proc/PID/stat; the command name in parentheses may hold spaces.</summary>
    private static (char State, int ParentPid)? Stat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            return (fields[0][0], int.Parse(fields[1], CultureInfo.InvariantCulture));
        }
        catch (IOException)
        {
            return null;
        }
    }
}
