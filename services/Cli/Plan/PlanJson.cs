using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Platform.Cli.Plan;

/// <summary>
/// The plan for programs: one JSON document with stable camelCase names and a deterministic order
/// (waves by number, images by name, problems by file and line, upstream images by reference).
/// </summary>
public static class PlanJson
{
    private static readonly PlanJsonContext Context = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        // The document goes to a terminal or a pipe, not into HTML: keep quotes and '+' readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    public static void Write(ChangePlan plan, TextWriter output) =>
        output.WriteLine(JsonSerializer.Serialize(Document(plan), Context.PlanDocument));

    public static PlanDocument Document(ChangePlan plan) => new(
        plan.From,
        plan.To,
        [.. plan.Plan.Waves.Select(wave => new WaveDocument(wave.Key, [.. wave.OrderBy(b => b.Image.Spec.Name, StringComparer.Ordinal).Select(build => new ImageDocument(
            build.Image.Spec.Name,
            build.Image.Spec.Kind.ToString().ToLowerInvariant(),
            build.Image.Spec.Folder,
            build.Image.Spec.Context,
            build.Image.Spec.DockerfilePath,
            build.Image.Spec.Platforms,
            build.Reasons,
            [.. build.CatalogueBases.Select(b => b.Name).Order(StringComparer.Ordinal)]))]))],
        [.. plan.Problems.Select(p => new ProblemDocument(p.Image, p.File, p.Line, p.Message))],
        [.. plan.Catalog.UpstreamImages
            .OrderBy(u => u.Reference, StringComparer.Ordinal)
            .Select(u => new UpstreamDocument(u.Reference, [.. u.UsedBy.Order(StringComparer.Ordinal)]))]);
}

/// <param name="From">Null when <paramref name="To"/> is a root commit.</param>
public sealed record PlanDocument(
    string? From, string To, IReadOnlyList<WaveDocument> Waves, IReadOnlyList<ProblemDocument> Problems, IReadOnlyList<UpstreamDocument> Upstream);

public sealed record WaveDocument(int Wave, IReadOnlyList<ImageDocument> Images);

/// <param name="Dockerfile">The Dockerfile's path from the repository root, like <paramref name="Folder"/> and <paramref name="Context"/>.</param>
/// <param name="Bases">The catalogue images it starts from or copies from.</param>
public sealed record ImageDocument(
    string Name, string Kind, string Folder, string Context, string Dockerfile,
    IReadOnlyList<string> Platforms, IReadOnlyList<string> Reasons, IReadOnlyList<string> Bases);

/// <param name="Image">The folder of the image the problem belongs to.</param>
public sealed record ProblemDocument(string Image, string File, int? Line, string Message);

public sealed record UpstreamDocument(string Reference, IReadOnlyList<string> UsedBy);

[JsonSerializable(typeof(PlanDocument))]
internal sealed partial class PlanJsonContext : JsonSerializerContext;
