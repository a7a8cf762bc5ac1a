using System.Text.Json.Nodes;

namespace Platform.Deployer.Tests.Kubernetes;

/// <summary>The part of Kubernetes' strategic merge patch the fake needs: objects merge, lists of named items (containers, env) merge by name, the rest is replaced.</summary>
internal static class StrategicMerge
{
    public static void Apply(JsonObject target, JsonObject patch)
    {
        foreach (var (key, value) in patch.ToList())
        {
            switch (value)
            {
                case null:
                    target.Remove(key);
                    break;
                case JsonObject patchObject when target[key] is JsonObject targetObject:
                    Apply(targetObject, patchObject);
                    break;
                case JsonArray patchArray when target[key] is JsonArray targetArray && patchArray.All(i => i?["name"] is not null):
                    foreach (var item in patchArray.OfType<JsonObject>())
                    {
                        var name = item["name"]!.GetValue<string>();
                        if (targetArray.OfType<JsonObject>().FirstOrDefault(t => t["name"]?.GetValue<string>() == name) is { } existing)
                        {
                            Apply(existing, item);
                        }
                        else
                        {
                            targetArray.Add(item.DeepClone());
                        }
                    }

                    break;
                default:
                    target[key] = value.DeepClone();
                    break;
            }
        }
    }
}
