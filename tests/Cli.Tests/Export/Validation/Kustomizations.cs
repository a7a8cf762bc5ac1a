using System.Text.Json.Nodes;

namespace Platform.Cli.Tests.Export.Validation;

/// <summary>
/// Checks a kustomization against kustomize's types (sigs.k8s.io/kustomize/api/types.Kustomization): every field
/// one of its fields and of the shape it has there (text, list of texts, map of texts, object, list of objects with
/// known fields), and every local file or folder it names present (resources, components, patches, generators'
/// files and env files, crds, configurations, transformers, ...). Remembers which files are patches: those are
/// partial objects and are checked for fields and types only.
/// </summary>
public sealed class Kustomizations(string root)
{
    public static readonly string[] FileNames = ["kustomization.yaml", "kustomization.yml", "Kustomization"];

    private static readonly HashSet<string> Texts = ["apiVersion", "kind", "namePrefix", "nameSuffix", "namespace"];
    private static readonly HashSet<string> TextMaps = ["commonLabels", "commonAnnotations", "openapi"];
    private static readonly HashSet<string> Objects = ["metadata", "sortOptions", "generatorOptions", "helmGlobals"];
    private static readonly HashSet<string> FileLists = ["resources", "bases", "components", "crds", "configurations", "generators", "transformers", "validators", "patchesStrategicMerge"];
    private static readonly HashSet<string> OtherTextLists = ["buildMetadata"];
    private static readonly HashSet<string> FreeObjectLists = ["replacements", "vars", "helmCharts", "helmChartInflationGenerator"];

    private static readonly Dictionary<string, HashSet<string>> ObjectLists = new(StringComparer.Ordinal)
    {
        ["patches"] = ["path", "patch", "target", "options"],
        ["patchesJson6902"] = ["path", "patch", "target", "options"],
        ["images"] = ["name", "newName", "newTag", "digest", "tagSuffix"],
        ["imageTags"] = ["name", "newName", "newTag", "digest", "tagSuffix"],
        ["replicas"] = ["name", "count"],
        ["labels"] = ["pairs", "includeSelectors", "includeTemplates", "includeVolumeClaimTemplates", "fields"],
        ["configMapGenerator"] = ["name", "namespace", "behavior", "literals", "files", "envs", "env", "options"],
        ["secretGenerator"] = ["name", "namespace", "behavior", "literals", "files", "envs", "env", "options", "type"],
    };

    /// <summary>Full paths of the files that kustomizations name as patches.</summary>
    public HashSet<string> PatchFiles { get; } = new(StringComparer.Ordinal);

    /// <summary>Patches written inline (<c>patch: |</c>), to be read as partial documents.</summary>
    public List<(ManifestDocument Kustomization, string Path, string Text)> InlinePatches { get; } = [];

    public static bool IsKustomization(ManifestDocument document) =>
        FileNames.Contains(System.IO.Path.GetFileName(document.File)) || document.ApiVersion.StartsWith("kustomize.config.k8s.io/", StringComparison.Ordinal);

    public void Check(ManifestDocument document, List<Finding> findings)
    {
        if (document.Root is not JsonObject kustomization)
        {
            findings.Add(document.Finding("", "a kustomization is a mapping of kustomize's fields"));
            return;
        }

        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.Combine(root, document.File))!;
        foreach (var (field, value) in kustomization)
        {
            if (value is null)
            {
                continue;
            }

            var error = Field(field, value);
            if (error is not null)
            {
                findings.Add(document.Finding(field, error));
                continue;
            }

            if (FileLists.Contains(field))
            {
                var list = value.AsArray();
                for (var i = 0; i < list.Count; i++)
                {
                    var entry = ApiRules.Text(list[i])!;
                    if (field == "patchesStrategicMerge" && entry.Contains('\n'))
                    {
                        InlinePatches.Add((document, $"{field}[{i}]", entry));
                    }
                    else if (Missing(folder, entry, folders: field is "resources" or "bases" or "components") is { } missing)
                    {
                        findings.Add(document.Finding($"{field}[{i}]", missing));
                    }
                    else if (field == "patchesStrategicMerge")
                    {
                        PatchFiles.Add(System.IO.Path.GetFullPath(System.IO.Path.Combine(folder, entry)));
                    }
                }
            }
            else if (ObjectLists.ContainsKey(field))
            {
                Entries(document, folder, field, value.AsArray(), findings);
            }
        }

        if (ApiRules.Text(kustomization["namespace"]) is { } ns && Syntax.Dns1123Label(ns) is { } nsError)
        {
            findings.Add(document.Finding("namespace", nsError));
        }
    }

    private static string? Field(string field, JsonNode value)
    {
        bool IsText(JsonNode? node) => node is JsonValue && SchemaWalker.Is(node, "string");
        if (Texts.Contains(field))
        {
            return IsText(value) ? null : $"expected text, found {SchemaWalker.Describe(value)}";
        }

        if (TextMaps.Contains(field))
        {
            return value is JsonObject map && map.All(pair => IsText(pair.Value)) ? null : "expected a map of texts (quote numbers and booleans)";
        }

        if (Objects.Contains(field))
        {
            return value is JsonObject ? null : $"expected an object, found {SchemaWalker.Describe(value)}";
        }

        if (FileLists.Contains(field) || OtherTextLists.Contains(field))
        {
            return value is JsonArray list && list.All(IsText) ? null : "expected a list of texts";
        }

        if (FreeObjectLists.Contains(field) || ObjectLists.ContainsKey(field))
        {
            return value is JsonArray list && list.All(item => item is JsonObject) ? null : "expected a list of objects";
        }

        return $"unknown field \"{field}\" (not a field of kustomize's Kustomization)";
    }

    private void Entries(ManifestDocument document, string folder, string field, JsonArray list, List<Finding> findings)
    {
        for (var i = 0; i < list.Count; i++)
        {
            var entry = list[i]!.AsObject();
            var path = $"{field}[{i}]";
            foreach (var (key, _) in entry.Where(pair => !ObjectLists[field].Contains(pair.Key)))
            {
                findings.Add(document.Finding($"{path}.{key}", $"unknown field \"{key}\" (not a field of kustomize's {field} entries)"));
            }

            if (field is "patches" or "patchesJson6902")
            {
                Patch(document, folder, entry, path, findings);
            }
            else if (field is "configMapGenerator" or "secretGenerator")
            {
                Generator(document, folder, entry, path, findings);
            }
            else if (field is "images" or "imageTags" or "replicas" && ApiRules.Text(entry["name"]) is null)
            {
                findings.Add(document.Finding($"{path}.name", "required field is missing"));
            }

            if (field == "replicas" && !SchemaWalker.Is(entry["count"] ?? new JsonArray(), "integer"))
            {
                findings.Add(document.Finding($"{path}.count", "expected an integer count"));
            }
        }
    }

    /// <summary>
    /// A generator's files and env files exist, or (for the values a user writes, such as secrets) a
    /// <c>&lt;file&gt;.example</c> stands in their place; every key it makes is a valid ConfigMap or Secret key.
    /// </summary>
    private static void Generator(ManifestDocument document, string folder, JsonObject entry, string path, List<Finding> findings)
    {
        var files = (entry["files"] as JsonArray ?? []).Select(ApiRules.Text).OfType<string>().ToList();
        foreach (var file in files)
        {
            var parts = file.Split('=', 2);
            var key = parts.Length == 2 ? parts[0] : System.IO.Path.GetFileName(parts[0]);
            if (Syntax.ConfigKey(key) is { } keyError)
            {
                findings.Add(document.Finding($"{path}.files", keyError));
            }

            if (Missing(folder, parts[^1], folders: false) is { } missing)
            {
                findings.Add(document.Finding($"{path}.files", missing));
            }
        }

        foreach (var literal in (entry["literals"] as JsonArray ?? []).Select(ApiRules.Text).OfType<string>())
        {
            if (Syntax.ConfigKey(literal.Split('=', 2)[0]) is { } keyError)
            {
                findings.Add(document.Finding($"{path}.literals", keyError));
            }
        }

        var envs = (entry["envs"] as JsonArray ?? []).Select(ApiRules.Text).OfType<string>().Concat(ApiRules.Text(entry["env"]) is { } env ? [env] : []);
        foreach (var envFile in envs)
        {
            var full = System.IO.Path.Combine(folder, envFile);
            var example = full + ".example";
            var read = File.Exists(full) ? full : File.Exists(example) ? example : null;
            if (read is null)
            {
                findings.Add(document.Finding($"{path}.envs", $"'{envFile}' does not exist (next to the kustomization), nor '{envFile}.example' to make it from"));
                continue;
            }

            var lines = File.ReadAllLines(read);
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i].Trim();
                if (line.Length > 0 && !line.StartsWith('#') && (line.Split('=', 2) is not [var key, _] || Syntax.ConfigKey(key) is not null))
                {
                    findings.Add(document.Finding($"{path}.envs", $"{System.IO.Path.GetFileName(read)} line {i + 1}: '{line}' is not key=value with a valid key"));
                }
            }
        }
    }

    private void Patch(ManifestDocument document, string folder, JsonObject entry, string path, List<Finding> findings)
    {
        var file = ApiRules.Text(entry["path"]);
        var inline = ApiRules.Text(entry["patch"]);
        if ((file is null) == (inline is null))
        {
            findings.Add(document.Finding(path, "a patch needs either path or patch"));
        }
        else if (file is not null)
        {
            if (Missing(folder, file, folders: false) is { } missing)
            {
                findings.Add(document.Finding($"{path}.path", missing));
            }
            else
            {
                PatchFiles.Add(System.IO.Path.GetFullPath(System.IO.Path.Combine(folder, file)));
            }
        }
        else
        {
            InlinePatches.Add((document, $"{path}.patch", inline!));
        }

        if (entry["target"] is JsonObject target)
        {
            string[] known = ["group", "version", "kind", "name", "namespace", "labelSelector", "annotationSelector"];
            foreach (var (key, _) in target.Where(pair => !known.Contains(pair.Key)))
            {
                findings.Add(document.Finding($"{path}.target.{key}", $"unknown field \"{key}\" (not a field of kustomize's patch target)"));
            }
        }
    }

    private static string? Missing(string folder, string entry, bool folders)
    {
        if (entry.Contains("://", StringComparison.Ordinal))
        {
            return $"'{entry}' is remote: an exported kustomization names only its own files";
        }

        var full = System.IO.Path.Combine(folder, entry);
        if (File.Exists(full))
        {
            return null;
        }

        if (folders && Directory.Exists(full))
        {
            return FileNames.Any(name => File.Exists(System.IO.Path.Combine(full, name))) ? null : $"the folder '{entry}' has no kustomization.yaml";
        }

        return $"'{entry}' does not exist (next to the kustomization)";
    }
}
