using System.Globalization;
using Platform.Testing;

namespace Platform.Bench.Loop;

/// <summary>
/// The loop done by shell scripts, with the same commit, docker CLI, engine and registry as Platform: the physical
/// limit (commit, build, push, run, health, remove the old container; nothing else) and the scripted peer (commit, a
/// hand path filter, build, push; then, after a watcher's poll, pull, run, health, remove the old container). Each
/// script prints <c>&lt;stage&gt; &lt;epoch seconds&gt;</c> after each step (bash's EPOCHREALTIME, no process).
/// </summary>
public static class ScriptedPaths
{
    private const string Commit = """
        set -euo pipefail
        export LC_ALL=C
        repo=$1 message=$2
        git -C "$repo" commit -qam "$message"
        echo "committed $EPOCHREALTIME"
        """;

    private const string BuildPush = """
        export DOCKER_BUILDKIT=0
        docker build -q -t "$ref" "$repo/images/web" >/dev/null
        echo "built $EPOCHREALTIME"
        docker push -q "$ref" >/dev/null
        echo "pushed $EPOCHREALTIME"
        """;

    private const string RunHealthy = """
        docker run -d --name "$name" --label "$label" -p 127.0.0.1::8080 "$ref" >/dev/null
        port=$(docker port "$name" 8080/tcp | head -1 | sed 's/.*://')
        until curl -fsS -o /dev/null "http://127.0.0.1:$port$health"; do sleep 0.05; done
        echo "healthy $EPOCHREALTIME"
        if [ -n "$old" ]; then docker rm -f "$old" >/dev/null; fi
        echo "done $EPOCHREALTIME"
        """;

    /// <summary>The limit: commit, <c>docker build</c> (legacy builder, as the builder's engine API), push, run the image just built, health, old one removed.</summary>
    public static Task<IReadOnlyDictionary<string, DateTimeOffset>> LimitAsync(string repo, string message, string reference, string name, string old, string label) =>
        RunAsync($"{Commit}\nref=$3 name=$4 old=$5 label=$6 health=$7\n{BuildPush}\n{RunHealthy}", repo, message, reference, name, old, label, LoopImage.HealthPath);

    /// <summary>The peer's CI half: commit, the hand path filter (<c>git diff --name-only | grep</c>), build and push when it matches.</summary>
    public static Task<IReadOnlyDictionary<string, DateTimeOffset>> PeerBuildAsync(string repo, string message, string reference) =>
        RunAsync($"{Commit}\nref=$3\nif git -C \"$repo\" diff --name-only HEAD~1 HEAD | grep -q '^images/web/'; then\necho \"filtered $EPOCHREALTIME\"\n{BuildPush}\nfi",
            repo, message, reference);

    /// <summary>The peer's deploy half, as a registry-polling updater does it once its poll saw the new digest: pull, run, health, old one removed.</summary>
    public static Task<IReadOnlyDictionary<string, DateTimeOffset>> PeerDeployAsync(string reference, string name, string old, string label) =>
        RunAsync($"set -euo pipefail\nexport LC_ALL=C\nref=$1 name=$2 old=$3 label=$4 health=$5\necho \"start $EPOCHREALTIME\"\ndocker pull -q \"$ref\" >/dev/null\necho \"pulled $EPOCHREALTIME\"\n{RunHealthy}",
            reference, name, old, label, LoopImage.HealthPath);

    private static async Task<IReadOnlyDictionary<string, DateTimeOffset>> RunAsync(string script, params string[] args)
    {
        var (exitCode, output) = await ChildProcess.RunAsync("bash", ["-c", script, "loop", .. args], TimeSpan.FromMinutes(3));
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"a scripted path failed ({exitCode}): {output}");
        }

        var stages = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.Split(' ') is [var stage, var seconds] && decimal.TryParse(seconds, NumberStyles.Float, CultureInfo.InvariantCulture, out var epoch))
            {
                stages[stage] = DateTimeOffset.FromUnixTimeMilliseconds(0).AddTicks((long)(epoch * TimeSpan.TicksPerSecond));
            }
        }

        return stages;
    }
}
