using Microsoft.Extensions.Logging;
using Platform.Catalog.Git;

namespace Platform.Catalog.Remote;

/// <summary>
/// A bare mirror of a remote's branches and tags in a folder of its own: cloned once (partial by default, with
/// the progress in the log), then fetched when <see cref="CatalogOptions.FetchInterval"/> has passed, when a
/// fetch is requested (a webhook, <c>POST /api/commits/check</c>) or when a commit is asked for that it lacks.
/// While the remote fails, the mirror keeps what it has and tries again after a doubling wait.
/// </summary>
public sealed partial class RepositoryMirror
{
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(5);
    private readonly RepositoryAddress address;
    private readonly CatalogOptions options;
    private readonly string folder;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly Lock sync = new();
    private MirrorState state = new(false, false, null, null, 0, null);
    private DateTimeOffset nextAttempt = DateTimeOffset.MinValue;
    private bool fetchRequested;
    private readonly HashSet<string> stillMissing = new(StringComparer.Ordinal);

    public RepositoryMirror(RepositoryAddress address, CatalogOptions options, string folder, TimeProvider time, ILogger logger)
    {
        this.address = address;
        this.options = options;
        this.folder = Path.GetFullPath(folder);
        this.time = time;
        this.logger = logger;
        Repository = new GitRepository(Path.Combine(this.folder, "mirror.git"), RemoteAccess.Prepare(address, options, this.folder));
    }

    /// <summary>The mirror, read as any repository (it exists once the first clone is done).</summary>
    public GitRepository Repository { get; }

    public MirrorState State
    {
        get
        {
            lock (sync)
            {
                return state with { Cloned = Directory.Exists(Repository.Path) };
            }
        }
    }

    /// <summary>The next <see cref="RefreshAsync"/> fetches, whatever the interval and the backoff say.</summary>
    public void RequestFetch()
    {
        lock (sync)
        {
            fetchRequested = true;
        }
    }

    /// <summary>
    /// Clones when there is no mirror yet (and fails with the reason if that cannot be done), fetches when due.
    /// A failed fetch is logged and recorded and the mirror stays as it was.
    /// </summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        if (!IsDue())
        {
            // Waiting out the backoff after a failed first clone: the reason, not "no such folder".
            if (!Directory.Exists(Repository.Path) && State.LastError is { } error)
            {
                throw new GitException(error);
            }

            return;
        }

        await gate.WaitAsync(cancellationToken);
        try
        {
            if (IsDue())
            {
                await UpdateAsync(scheduled: true, cancellationToken);
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>True when the mirror has the commit, fetching first (at once, whatever the interval) if it lacks it.</summary>
    public async Task<bool> EnsureCommitAsync(string commit, CancellationToken cancellationToken)
    {
        if (Directory.Exists(Repository.Path) && await Repository.ContainsCommitAsync(commit, cancellationToken))
        {
            return true;
        }

        await gate.WaitAsync(cancellationToken);
        try
        {
            if (Directory.Exists(Repository.Path) && await Repository.ContainsCommitAsync(commit, cancellationToken))
            {
                return true;
            }

            lock (sync)
            {
                // A commit the remote did not have at the last fetch (another repository's, or gone in a force push)
                // waits for the next regular fetch, and a failing remote for its backoff: messages never hammer it.
                if (Directory.Exists(Repository.Path) && (stillMissing.Contains(commit) || state.Failures > 0 && time.GetUtcNow() < nextAttempt))
                {
                    return false;
                }
            }

            await UpdateAsync(scheduled: false, cancellationToken);
            var found = await Repository.ContainsCommitAsync(commit, cancellationToken);
            if (!found)
            {
                lock (sync)
                {
                    stillMissing.Add(commit);
                }
            }

            return found;
        }
        finally
        {
            gate.Release();
        }
    }

    private bool IsDue()
    {
        lock (sync)
        {
            return fetchRequested || time.GetUtcNow() >= nextAttempt;
        }
    }

    private async Task UpdateAsync(bool scheduled, CancellationToken cancellationToken)
    {
        lock (sync)
        {
            if (scheduled)
            {
                stillMissing.Clear();
                fetchRequested = false;
            }
        }

        var cloning = !Directory.Exists(Repository.Path);
        // The next attempt is timed from this one's start, so that a caller polling at the fetch interval fetches every time.
        var startedAt = time.GetUtcNow();
        try
        {
            if (cloning)
            {
                await CloneAsync(cancellationToken);
            }
            else
            {
                await FetchAsync(cancellationToken);
            }

            Succeeded(startedAt);
        }
        catch (GitException e)
        {
            Failed(e.Message, startedAt);
            if (cloning)
            {
                throw;
            }
        }
    }

    private async Task FetchAsync(CancellationToken cancellationToken)
    {
        var (exitCode, _, error) = await GitProcess.RunAsync(
            Repository.Path, ["fetch", "--prune", "--no-write-fetch-head", "origin"], Repository.Access, options.FetchTimeout, cancellationToken);
        error = Repository.Access.Redact(error);
        if (exitCode != 0)
        {
            throw new GitException(RemoteErrors.Describe(address, "Fetching", error));
        }

        // " + 1a2b3c...4d5e6f main -> main  (forced update)", " - [deleted] (none) -> old": worth a line each.
        foreach (var update in error.Split('\n').Where(l => l.Contains("->", StringComparison.Ordinal)))
        {
            logger.LogInformation("Fetched {Remote}: {Update}", address, update.Trim());
        }

        await RepairHeadAsync(cancellationToken);
    }

    /// <summary>HEAD of a mirror names the remote's default branch as it was at the clone; when that branch is not there (an empty remote then), ask the remote again.</summary>
    private async Task RepairHeadAsync(CancellationToken cancellationToken)
    {
        if (await Repository.TryRunAsync(["rev-parse", "--verify", "--quiet", "HEAD^{commit}"], cancellationToken) is (0, _))
        {
            return;
        }

        var (exitCode, output, _) = await GitProcess.RunAsync(Repository.Path, ["ls-remote", "--symref", "origin", "HEAD"], Repository.Access, options.FetchTimeout, cancellationToken);
        var symref = output.Split('\n').FirstOrDefault(l => l.StartsWith("ref: ", StringComparison.Ordinal));
        if (exitCode == 0 && symref?.Split('\t')[0][5..] is { } branch)
        {
            await Repository.TryRunAsync(["symbolic-ref", "HEAD", branch], cancellationToken);
            logger.LogInformation("HEAD of {Remote} is {Branch}", address, branch);
        }
    }

    private void Succeeded(DateTimeOffset startedAt)
    {
        lock (sync)
        {
            if (state.Failures > 0)
            {
                logger.LogInformation("{Remote} answers again after {Failures} failed attempt(s)", address, state.Failures);
            }

            state = state with { LastFetch = time.GetUtcNow(), LastError = null, Failures = 0, NextAttempt = null };
            nextAttempt = startedAt + options.FetchInterval;
        }
    }

    private void Failed(string error, DateTimeOffset startedAt)
    {
        lock (sync)
        {
            var failures = state.Failures + 1;
            var wait = TimeSpan.FromTicks(Math.Min(options.MaxFetchBackoff.Ticks, options.FetchInterval.Ticks * (1L << Math.Min(failures - 1, 20))));
            nextAttempt = startedAt + wait;
            state = state with { LastError = error, Failures = failures, NextAttempt = nextAttempt };
            logger.LogWarning("{Error}; attempt {Failures} failed, the next in {Wait:0.#} s", error, failures, wait.TotalSeconds);
        }
    }
}

/// <param name="Cloned">The mirror exists.</param>
/// <param name="Cloning">The first clone runs now.</param>
/// <param name="LastFetch">When the remote last answered.</param>
/// <param name="LastError">Why the last attempt failed (null after a success).</param>
/// <param name="Failures">Failed attempts in a row.</param>
/// <param name="NextAttempt">When the next attempt is due while failing.</param>
public sealed record MirrorState(bool Cloned, bool Cloning, DateTimeOffset? LastFetch, string? LastError, int Failures, DateTimeOffset? NextAttempt);
