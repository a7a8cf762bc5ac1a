using System.Text.Json.Nodes;

namespace Platform.Cli.Tests.Export.Validation;

/// <summary>Label selectors: their syntax, and whether they select a set of labels (a workload's pod template).</summary>
public static class Selectors
{
    private static readonly HashSet<string> Operators = ["In", "NotIn", "Exists", "DoesNotExist"];

    public static void CheckSyntax(SchemaWalker walker, JsonNode selector, string path)
    {
        if (selector["matchLabels"] is JsonObject labels)
        {
            foreach (var (key, value) in labels)
            {
                if ((Syntax.QualifiedName(key) ?? (ApiRules.Text(value) is { } text ? Syntax.LabelValue(text) : null)) is { } error)
                {
                    walker.Add($"{path}.matchLabels.{key}", error);
                }
            }
        }

        if (selector["matchExpressions"] is not JsonArray expressions)
        {
            return;
        }

        for (var i = 0; i < expressions.Count; i++)
        {
            var expression = expressions[i];
            var key = ApiRules.Text(expression?["key"]);
            var op = ApiRules.Text(expression?["operator"]);
            var count = (expression?["values"] as JsonArray)?.Count ?? 0;
            if (key is not null && Syntax.QualifiedName(key) is { } error)
            {
                walker.Add($"{path}.matchExpressions[{i}].key", error);
            }

            if (op is not null && !Operators.Contains(op))
            {
                walker.Add($"{path}.matchExpressions[{i}].operator", $"'{op}' is not one of In, NotIn, Exists, DoesNotExist");
            }
            else if ((op is "In" or "NotIn" && count == 0) || (op is "Exists" or "DoesNotExist" && count > 0))
            {
                walker.Add($"{path}.matchExpressions[{i}].values", $"{op} needs {(count == 0 ? "values" : "no values")}");
            }
        }
    }

    /// <summary>Whether <paramref name="selector"/> selects <paramref name="labels"/>; an empty selector selects everything.</summary>
    public static bool Matches(JsonNode selector, JsonObject? labels)
    {
        string? Label(string key) => labels is not null && labels.TryGetPropertyValue(key, out var value) ? ApiRules.Text(value) ?? "" : null;

        var matchLabels = (selector["matchLabels"] as JsonObject ?? []).All(pair => Label(pair.Key) == ApiRules.Text(pair.Value));
        var matchExpressions = (selector["matchExpressions"] as JsonArray ?? []).All(expression =>
        {
            var label = Label(ApiRules.Text(expression?["key"]) ?? "");
            var values = (expression?["values"] as JsonArray ?? []).Select(ApiRules.Text).ToList();
            return ApiRules.Text(expression?["operator"]) switch
            {
                "In" => label is not null && values.Contains(label),
                "NotIn" => label is null || !values.Contains(label),
                "Exists" => label is not null,
                "DoesNotExist" => label is null,
                _ => false,
            };
        });
        return matchLabels && matchExpressions;
    }

    public static bool IsEmpty(JsonNode? selector) =>
        selector is null || ((selector["matchLabels"] as JsonObject)?.Count ?? 0) + ((selector["matchExpressions"] as JsonArray)?.Count ?? 0) == 0;
}
