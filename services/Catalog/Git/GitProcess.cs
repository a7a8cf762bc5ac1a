using System.Diagnostics;
using System.Text;

namespace Platform.Catalog.Git;

/// <summary>Starts git with the settings every Platform git command shares, and the access a remote needs.</summary>
internal static class GitProcess
{
    /// <summary>
    /// Where a command that reads commits only is told the index is: nowhere. git reads the index of a work tree even for
    /// commands that compare commits (diff-tree does), and a repository of 100,000 files has an index of 11 MB: 10 ms of
    /// every such command. The folder does not exist, so nothing can ever be written there.
    /// </summary>
    private const string NoIndex = "/nonexistent/platform-reads-commits-only/index";

    /// <param name="commitsOnly">The command reads commits and objects only (never the work tree or the index).</param>
    public static Process Start(string? workingFolder, IReadOnlyList<string> args, GitAccess access, bool redirectStdin, bool commitsOnly = false)
    {
        var info = new ProcessStartInfo("git")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectStdin,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        if (workingFolder is not null)
        {
            info.ArgumentList.Add("-C");
            info.ArgumentList.Add(workingFolder);
        }

        // A repository owned by another user is still ours to read.
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("safe.directory=*");
        foreach (var setting in access.Settings)
        {
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add(setting);
        }

        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["GIT_TERMINAL_PROMPT"] = "0";
        info.Environment["LC_ALL"] = "C";
        if (commitsOnly)
        {
            info.Environment["GIT_INDEX_FILE"] = NoIndex;
        }
        foreach (var (name, value) in access.Environment)
        {
            info.Environment[name] = value;
        }

        return Process.Start(info) ?? throw new GitException("git could not be started; is it installed and on PATH?");
    }

    /// <summary>
    /// Ties a started git process to its reader: a cancellation kills it at once (a stalled fetch of blobs, a large
    /// archive), and so does leaving the read early for any reason (an exception, a reader that stopped reading).
    /// </summary>
    public static IDisposable KillWhenAbandoned(Process process, CancellationToken cancellationToken) =>
        new Abandonment(process, cancellationToken);

    private sealed class Abandonment : IDisposable
    {
        private readonly Process process;
        private readonly CancellationTokenRegistration registration;

        public Abandonment(Process process, CancellationToken cancellationToken)
        {
            this.process = process;
            registration = cancellationToken.Register(Kill);
        }

        public void Dispose()
        {
            registration.Dispose();
            Kill();
        }

        private void Kill()
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }
            }
            catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // It ended in the meantime.
            }
        }
    }

    /// <summary>Runs git to the end; a timeout or a cancellation kills it (and the ssh or http helper under it).</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(
        string? workingFolder, IReadOnlyList<string> args, GitAccess access, TimeSpan? timeout, CancellationToken cancellationToken,
        Action<string>? onErrorLine = null, bool commitsOnly = false)
    {
        using var process = Start(workingFolder, args, access, redirectStdin: false, commitsOnly);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeout is { } after)
        {
            limit.CancelAfter(after);
        }

        var output = process.StandardOutput.ReadToEndAsync(limit.Token);
        var error = onErrorLine is null ? process.StandardError.ReadToEndAsync(limit.Token) : ReadLinesAsync(process.StandardError, onErrorLine, limit.Token);
        try
        {
            await process.WaitForExitAsync(limit.Token);
            return (process.ExitCode, await output, await error);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            throw new GitException($"git {args.FirstOrDefault(a => !a.StartsWith('-'))} did not finish within {timeout}");
        }
    }

    /// <summary>
    /// Reads a stream whose lines end in CR (progress, redrawn in place), CRLF (ssh) or LF, handing each line to
    /// <paramref name="onLine"/>; returns the lines that were not redrawn.
    /// </summary>
    private static async Task<string> ReadLinesAsync(StreamReader reader, Action<string> onLine, CancellationToken cancellationToken)
    {
        var all = new StringBuilder();
        var line = new StringBuilder();
        string? redrawn = null;
        var buffer = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(buffer, cancellationToken)) > 0)
        {
            foreach (var c in buffer.AsSpan(0, read))
            {
                if (c == '\n' && line.Length == 0 && redrawn is not null)
                {
                    // CRLF: the line ended, it was not redrawn.
                    all.Append(redrawn).Append('\n');
                    redrawn = null;
                }
                else if (c is '\r' or '\n')
                {
                    if (line.Length > 0)
                    {
                        var text = line.ToString();
                        onLine(text);
                        redrawn = c == '\r' ? text : null;
                        if (c == '\n')
                        {
                            all.Append(text).Append('\n');
                        }

                        line.Clear();
                    }
                }
                else
                {
                    redrawn = null;
                    line.Append(c);
                }
            }
        }

        if (line.Length > 0)
        {
            onLine(line.ToString());
            all.Append(line);
        }
        else if (redrawn is not null)
        {
            all.Append(redrawn);
        }

        return all.ToString();
    }
}
