using System.Text.RegularExpressions;
using Platform.Catalog.Yaml;
using YamlDotNet.RepresentationModel;

namespace Platform.Deployer.Specs;

/// <summary>Reads the <c>promote:</c> field of a service or job; the source environment itself is checked later (<see cref="PromotionChain"/>).</summary>
internal static partial class PromotionReader
{
    private const string Known = "from, after, approval, runs";

    public static Promotion? Read(SpecNodes nodes, YamlNode node, bool isJob, SpecDefaults defaults)
    {
        var fields = nodes.Fields(node, "promote", Known);
        var before = nodes.Count;
        string? from = null;
        if (!fields.TryGetValue("from", out var fromNode))
        {
            nodes.Problem(node, "promote needs from: (the environment whose digests it takes, for example beta)");
        }
        else if (nodes.Scalar(fromNode.Value, "promote.from") is { } name && !EnvironmentName().IsMatch(name))
        {
            nodes.Problem(fromNode.Value, $"promote.from '{name}' is not an environment name (1 to 31 lowercase letters, digits or '-')");
        }
        else
        {
            from = (fromNode.Value as YamlScalarNode)?.Value;
        }

        TimeSpan? after = null;
        if (!fields.TryGetValue("after", out var afterNode))
        {
            nodes.Problem(node, "promote needs after: (how long a digest must run in the source environment first, for example 72h; 0s with approval: required)");
        }
        else if ((afterNode.Value as YamlScalarNode)?.Value is { } text && text.TrimStart().StartsWith('-'))
        {
            nodes.Problem(afterNode.Value, $"promote.after '{text}' is negative: a soak time is {SpecLimits.SoakTime}");
        }
        else
        {
            after = nodes.Duration(afterNode.Value, "promote.after", SpecLimits.SoakTime);
        }

        var approval = ApprovalMode.Auto;
        if (fields.TryGetValue("approval", out var approvalNode))
        {
            switch (nodes.Scalar(approvalNode.Value, "promote.approval"))
            {
                case "auto":
                    break;
                case "required":
                    approval = ApprovalMode.Required;
                    break;
                case var other:
                    nodes.Problem(approvalNode.Value, $"promote.approval '{other}' is not one of auto, required");
                    break;
            }
        }

        var runs = isJob ? defaults.MinSuccessfulRuns : 0;
        if (fields.TryGetValue("runs", out var runsNode))
        {
            if (!isJob)
            {
                nodes.Problem(runsNode.Key, "promote.runs counts the successful runs of a job; a service has none (its soak time is after:)");
            }
            else if (nodes.Integer(runsNode.Value, "promote.runs", 0, SpecLimits.MaxPromotionRuns) is { } count)
            {
                runs = count;
            }
        }

        return nodes.Count > before || from is null || after is null ? null : new Promotion(from, after.Value, approval, runs, (int)node.Start.Line);
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,30}$")]
    private static partial Regex EnvironmentName();
}
