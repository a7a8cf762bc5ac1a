using System.Text.Json;
using MassTransit.Serialization;
using Platform.Contracts;
using Platform.Testing;

namespace Platform.Builder.Tests.Contracts;

/// <summary>
/// The stage of a failed build is an enum in the contracts and the same lowercase word as before on the wire, so that a
/// message of an older builder still reads and the consumers of the JSON (the console's tap, the tests' taps) see no change.
/// </summary>
public sealed class BuildFailureStageTests
{
    private static readonly JsonSerializerOptions Wire = SystemTextJsonMessageSerializer.Options;

    public static TheoryData<BuildFailureStage, string> Stages() => new()
    {
        { BuildFailureStage.Spec, "spec" },
        { BuildFailureStage.Base, "base" },
        { BuildFailureStage.Build, "build" },
        { BuildFailureStage.Verify, "verify" },
        { BuildFailureStage.Test, "test" },
        { BuildFailureStage.Push, "push" },
        { BuildFailureStage.Cancelled, "cancelled" },
    };

    [Theory]
    [MemberData(nameof(Stages))]
    public void Each_stage_travels_as_its_lowercase_word_and_reads_back(BuildFailureStage stage, string word)
    {
        var failed = new ImageBuildFailed(Guid.NewGuid(), "team/app", "c0ffee", stage, "it failed", [], DateTimeOffset.UnixEpoch);

        var json = JsonSerializer.SerializeToElement(failed, Wire);

        Assert.Equal(word, json.GetProperty("stage").GetString());
        Assert.Equal(word, stage.ToName());
        Assert.Equal(stage, JsonSerializer.Deserialize<ImageBuildFailed>(json, Wire)!.Stage);
    }

    [Fact]
    public void A_message_of_an_older_builder_with_the_stage_as_a_string_reads_and_a_number_is_refused()
    {
        const string Older = """{"correlationId":"6f1c1a52-8d5e-4c39-9a43-0d5d2f8c1e11","image":"team/app","commit":"c0ffee","stage":"push","error":"refused","logTail":[],"failedAt":"2026-01-01T00:00:00+00:00"}""";

        Assert.Equal(BuildFailureStage.Push, JsonSerializer.Deserialize<ImageBuildFailed>(Older, Wire)!.Stage);
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<ImageBuildFailed>(Older.Replace("\"push\"", "5", StringComparison.Ordinal), Wire));
    }

    [Fact]
    public void The_architecture_document_lists_every_stage_where_it_describes_ImageBuildFailed()
    {
        var row = File.ReadLines(RepositoryRoot.Combine("docs", "architecture.md")).Single(line => line.StartsWith("| `ImageBuildFailed` |", StringComparison.Ordinal));

        var missing = Enum.GetValues<BuildFailureStage>().Select(s => s.ToName()).Where(name => !row.Contains($"`{name}`", StringComparison.Ordinal)).ToList();

        Assert.True(missing.Count == 0, $"expected docs/architecture.md's ImageBuildFailed row to list every stage, it lacks {string.Join(", ", missing)}: {row}");
    }
}
