using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Platform.Catalog.Git;

namespace Platform.Catalog.Remote;

/// <summary>The first clone of a mirror: partial by default, its progress in the log every few seconds, moved into place only when complete.</summary>
public sealed partial class RepositoryMirror
{
    private async Task CloneAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        foreach (var stale in Directory.EnumerateDirectories(folder, "mirror.git.partial-*"))
        {
            Directory.Delete(stale, recursive: true);
        }

        lock (sync)
        {
            state = state with { Cloning = true };
        }

        var partial = options.PartialClone ? " without file contents (--filter=blob:none; blobs come when read)" : "";
        logger.LogInformation("Cloning {Remote} into {Mirror}{Partial}", address, Repository.Path, partial);
        var target = Repository.Path + ".partial-" + Guid.NewGuid().ToString("N")[..8];
        var stopwatch = Stopwatch.StartNew();
        var lastProgress = -ProgressEvery;
        List<string> args = ["clone", "--bare", "--progress", .. options.PartialClone ? new[] { "--filter=blob:none" } : [], "--", address.Text, target];
        try
        {
            var (exitCode, _, error) = await GitProcess.RunAsync(folder, args, Repository.Access, null, cancellationToken, line =>
            {
                // A large clone prints progress many times a second: a line every few seconds is enough to see it move.
                if (stopwatch.Elapsed - lastProgress >= ProgressEvery && IsProgress(line))
                {
                    lastProgress = stopwatch.Elapsed;
                    logger.LogInformation("Cloning {Remote}: {Progress}", address, line.Trim());
                }
            });
            if (exitCode != 0)
            {
                throw new GitException(RemoteErrors.Describe(address, "Cloning", Repository.Access.Redact(error)));
            }

            await ConfigureAsync(target, cancellationToken);
            Directory.Move(target, Repository.Path);
        }
        catch
        {
            if (Directory.Exists(target))
            {
                Directory.Delete(target, recursive: true);
            }

            throw;
        }
        finally
        {
            lock (sync)
            {
                state = state with { Cloning = false };
            }
        }

        await RepairHeadAsync(cancellationToken);
        logger.LogInformation("Cloned {Remote} in {Seconds:0.0} s ({Size})", address, stopwatch.Elapsed.TotalSeconds, SizeOf(Repository.Path));
    }

    /// <summary>A mirror of branches and tags only: a GitHub repository's refs/pull/* (every pull request ever) are not fetched.</summary>
    private static async Task ConfigureAsync(string mirror, CancellationToken cancellationToken)
    {
        foreach (var refspec in new[] { "+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*" })
        {
            var (exitCode, _, error) = await GitProcess.RunAsync(mirror, ["config", "--add", "remote.origin.fetch", refspec], GitAccess.Local, null, cancellationToken);
            if (exitCode != 0)
            {
                throw new GitException($"git config in {mirror} failed: {error.Trim()}");
            }
        }
    }

    private static bool IsProgress(string line) =>
        line.Contains('%') || line.StartsWith("remote:", StringComparison.Ordinal);

    private static string SizeOf(string path)
    {
        var bytes = new DirectoryInfo(path).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
        return bytes >= 1 << 20 ? $"{bytes / (1024.0 * 1024):0.0} MiB" : $"{bytes / 1024.0:0.0} KiB";
    }
}
