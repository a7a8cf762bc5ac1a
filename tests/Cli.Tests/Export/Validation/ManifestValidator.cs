using System.Text.Json.Nodes;

namespace Platform.Cli.Tests.Export.Validation;

/// <summary>What validating a folder found, and how much it read (so that a test can tell it read something).</summary>
public sealed record ValidationReport(IReadOnlyList<Finding> Findings, IReadOnlyList<string> Files, IReadOnlyList<string> Objects)
{
    public override string ToString() =>
        Findings.Count == 0 ? $"{Files.Count} files, {Objects.Count} objects, nothing refused" : string.Join('\n', Findings);
}

/// <summary>
/// Validates every document of every YAML file under a folder (overlays included) as a Kubernetes API server of
/// <see cref="KubernetesSchema.Version"/> with field validation Strict would, without one: read by KubernetesClient's
/// models (strict), walked against the API's OpenAPI definitions (<see cref="SchemaWalker"/>) and the server's own
/// rules (<see cref="ApiRules"/>, <see cref="ObjectRules"/>); kustomizations against kustomize's fields and files.
/// </summary>
public static class ManifestValidator
{
    private static readonly HashSet<string> JsonPatchOperations = ["add", "remove", "replace", "move", "copy", "test"];

    public static ValidationReport Validate(string folder)
    {
        var findings = new List<Finding>();
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal) || Path.GetFileName(f) == "Kustomization")
            .Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();

        var documents = new List<ManifestDocument>();
        foreach (var file in files)
        {
            var (read, error) = ManifestDocument.Read(file, File.ReadAllText(Path.Combine(folder, file)));
            documents.AddRange(read.Where(d => d.Root is not null));
            if (error is not null)
            {
                findings.Add(error);
            }
        }

        var kustomizations = new Kustomizations(folder);
        foreach (var kustomization in documents.Where(Kustomizations.IsKustomization))
        {
            kustomizations.Check(kustomization, findings);
        }

        var objects = new List<string>();
        foreach (var document in documents.Where(d => !Kustomizations.IsKustomization(d)))
        {
            var partial = kustomizations.PatchFiles.Contains(Path.GetFullPath(Path.Combine(folder, document.File)));
            Object(document, partial, findings);
            objects.Add($"{document.File}: {document.Object}");
        }

        foreach (var (kustomization, path, text) in kustomizations.InlinePatches)
        {
            var (read, error) = ManifestDocument.Read($"{kustomization.File} {path}", text);
            if (error is not null)
            {
                findings.Add(error);
            }

            foreach (var document in read.Where(d => d.Root is not null))
            {
                Object(document, partial: true, findings);
            }
        }

        return new ValidationReport(findings, files, objects);
    }

    /// <summary>One document: a Kubernetes object (complete, or partial when it is a patch) or a JSON patch.</summary>
    public static void Object(ManifestDocument document, bool partial, List<Finding> findings)
    {
        if (partial && document.Root is JsonArray operations)
        {
            JsonPatch(document, operations, findings);
            return;
        }

        if (document.Root is not JsonObject root)
        {
            findings.Add(document.Finding("", $"a Kubernetes object is a mapping, found {SchemaWalker.Describe(document.Root!)}"));
            return;
        }

        if (document.ApiVersion.Length == 0 || document.Kind.Length == 0)
        {
            findings.Add(document.Finding(document.ApiVersion.Length == 0 ? "apiVersion" : "kind", "required field is missing (apiVersion and kind name the object's type)"));
            return;
        }

        var schema = KubernetesSchema.Instance;
        if (schema.DefinitionOf(document.ApiVersion, document.Kind) is not { } definition)
        {
            findings.Add(document.Finding("apiVersion", $"{document.ApiVersion}/{document.Kind} is not a kind of the Kubernetes {KubernetesSchema.Version} API"));
            return;
        }

        if (ClientModels.Read(document) is { } unreadable)
        {
            findings.Add(unreadable);
        }

        var walker = new SchemaWalker(schema, document, partial, findings);
        walker.WalkDefinition(root, definition, "");
        ObjectRules.Check(walker, root);
    }

    private static void JsonPatch(ManifestDocument document, JsonArray operations, List<Finding> findings)
    {
        for (var i = 0; i < operations.Count; i++)
        {
            var op = ApiRules.Text(operations[i]?["op"]);
            if (op is null || !JsonPatchOperations.Contains(op))
            {
                findings.Add(document.Finding($"[{i}].op", $"'{op}' is not a JSON patch operation (add, remove, replace, move, copy, test)"));
            }

            if (ApiRules.Text(operations[i]?["path"]) is not { } path || !path.StartsWith('/'))
            {
                findings.Add(document.Finding($"[{i}].path", "a JSON patch operation needs a path starting with '/'"));
            }
        }
    }
}
