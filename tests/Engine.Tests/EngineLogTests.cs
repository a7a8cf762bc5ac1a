using Docker.DotNet.Models;

namespace Platform.Engine.Tests;

/// <summary>The engine's message stream as EngineLog keeps it: lines in order, a bounded tail, the first error, the aux values.</summary>
public sealed class EngineLogTests
{
    [Fact]
    public void Keeps_the_last_lines_the_first_error_and_the_digest_of_a_push()
    {
        var seen = new List<string>();
        var log = new EngineLog(seen.Add, tailLength: 3);

        foreach (var line in new[] { "Step 1/3", "Step 2/3", "Step 3/3", "Pushing" })
        {
            log.Report(new JSONMessage { Stream = line + "\n" });
        }

        log.Report(new JSONMessage { Error = new JSONError { Message = "denied: requested access to the resource is denied" } });
        log.Report(new JSONMessage { ErrorMessage = "a second error" });
        log.Report(new JSONMessage { Aux = new ObjectExtensionData { ExtensionData = new Dictionary<string, object> { ["Digest"] = "sha256:abc" } } });

        Assert.Equal("denied: requested access to the resource is denied", log.Error);
        Assert.Equal(3, log.Tail.Count);
        Assert.Equal("a second error", log.Tail[^1]);
        Assert.Equal("sha256:abc", log.AuxValue("Digest"));
        Assert.Equal("Step 1/3", seen[0]);
    }

    [Theory]
    [InlineData("pushing x failed: Get \"http://127.0.0.1:5000/v2/\": dial tcp 127.0.0.1:5000: connect: connection refused", true)]
    [InlineData("pushing x failed: received unexpected HTTP status: 503 Service Unavailable", true)]
    [InlineData("pulling x failed: toomanyrequests: Too Many Requests", true)]
    [InlineData("pulling x failed: manifest unknown: manifest unknown", false)]
    [InlineData("pushing x failed: denied: requested access to the resource is denied", false)]
    public void Says_which_failures_may_pass_by_themselves(string message, bool transient) =>
        Assert.Equal(transient, new EngineException(message, []).IsTransient);
}
