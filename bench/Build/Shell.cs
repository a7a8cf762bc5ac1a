using System.Diagnostics;

namespace Platform.Bench.Build;

/// <summary>Runs a command for a baseline; a failure stops the benchmark with what the command said.</summary>
public static class Shell
{
    public static async Task RunAsync(string command, params string[] args)
    {
        var info = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true };
        info.Environment["DOCKER_BUILDKIT"] = "0";
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{command} {string.Join(' ', args)}: {await stderr}{await stdout}");
        }
    }
}
