using System.Text.Json;

namespace Platform.Deployer.Tests.Notifications;

/// <summary>
/// What Slack documents for an incoming webhook's body with Block Kit: a top-level <c>text</c> (the fallback), up to 50 <c>blocks</c>;
/// a header's text is plain_text of 1 to 150 characters; a section has a text object (mrkdwn or plain_text, up to 3000) or 1 to 10
/// fields (up to 2000 each); a context has 1 to 10 elements. The local Slack receiver answers 400 <c>invalid_payload</c> otherwise, as Slack does.
/// </summary>
public static class SlackShape
{
    private static readonly HashSet<string> TopLevel = ["text", "blocks", "attachments", "thread_ts", "mrkdwn", "unfurl_links", "unfurl_media", "username", "icon_emoji", "icon_url", "channel"];

    public static List<string> Problems(string body)
    {
        var problems = new List<string>();
        JsonElement root;
        try
        {
            root = JsonDocument.Parse(body).RootElement;
        }
        catch (JsonException e)
        {
            return [$"not JSON: {e.Message}"];
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            return ["the body is not a JSON object"];
        }

        problems.AddRange(root.EnumerateObject().Where(p => !TopLevel.Contains(p.Name)).Select(p => $"unknown top-level field '{p.Name}'"));
        if (!root.TryGetProperty("text", out var text) || text.ValueKind != JsonValueKind.String || text.GetString()!.Length == 0)
        {
            problems.Add("no top-level text (the fallback)");
        }

        if (!root.TryGetProperty("blocks", out var blocks) || blocks.ValueKind != JsonValueKind.Array || blocks.GetArrayLength() is 0 or > 50)
        {
            problems.Add("blocks is not an array of 1 to 50 blocks");
            return problems;
        }

        foreach (var block in blocks.EnumerateArray())
        {
            var type = block.TryGetProperty("type", out var t) ? t.GetString() : null;
            switch (type)
            {
                case "header":
                    TextObject(block, "text", 150, plainOnly: true, problems);
                    break;
                case "section":
                    var hasText = block.TryGetProperty("text", out _);
                    var hasFields = block.TryGetProperty("fields", out var fields);
                    if (!hasText && !hasFields)
                    {
                        problems.Add("a section without text or fields");
                    }

                    if (hasText)
                    {
                        TextObject(block, "text", 3000, plainOnly: false, problems);
                    }

                    if (hasFields)
                    {
                        if (fields.ValueKind != JsonValueKind.Array || fields.GetArrayLength() is 0 or > 10)
                        {
                            problems.Add("section fields are not 1 to 10");
                        }
                        else
                        {
                            foreach (var field in fields.EnumerateArray())
                            {
                                Check(field, 2000, plainOnly: false, problems);
                            }
                        }
                    }

                    break;
                case "context":
                    if (!block.TryGetProperty("elements", out var elements) || elements.ValueKind != JsonValueKind.Array || elements.GetArrayLength() is 0 or > 10)
                    {
                        problems.Add("context elements are not 1 to 10");
                    }
                    else
                    {
                        foreach (var element in elements.EnumerateArray())
                        {
                            Check(element, 3000, plainOnly: false, problems);
                        }
                    }

                    break;
                case "divider":
                    break;
                default:
                    problems.Add($"a block of type '{type}'");
                    break;
            }
        }

        return problems;
    }

    private static void TextObject(JsonElement block, string name, int max, bool plainOnly, List<string> problems)
    {
        if (!block.TryGetProperty(name, out var text))
        {
            problems.Add($"a {block.GetProperty("type").GetString()} without {name}");
            return;
        }

        Check(text, max, plainOnly, problems);
    }

    private static void Check(JsonElement text, int max, bool plainOnly, List<string> problems)
    {
        var type = text.TryGetProperty("type", out var t) ? t.GetString() : null;
        if (type != "plain_text" && (plainOnly || type != "mrkdwn"))
        {
            problems.Add($"a text object of type '{type}'");
        }

        if (!text.TryGetProperty("text", out var value) || value.ValueKind != JsonValueKind.String || value.GetString()!.Length is 0 || value.GetString()!.Length > max)
        {
            problems.Add($"a {type} text that is empty or longer than {max}");
        }
    }
}
