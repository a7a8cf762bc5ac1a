using System.Text.Json.Nodes;

namespace Platform.Deployer.Notifications;

/// <summary>The body of a Microsoft Teams workflow webhook ("When a Teams webhook request is received"): a message with one Adaptive Card.</summary>
public static class TeamsMessage
{
    public static JsonObject Of(Notice notice)
    {
        var body = new JsonArray
        {
            new JsonObject { ["type"] = "TextBlock", ["text"] = notice.Title, ["weight"] = "Bolder", ["size"] = "Medium", ["wrap"] = true },
            new JsonObject
            {
                ["type"] = "FactSet",
                ["facts"] = new JsonArray([.. notice.Facts.Select(f => (JsonNode)new JsonObject { ["title"] = f.Key, ["value"] = f.Value })]),
            },
        };
        if (notice.LogTail.Count > 0)
        {
            body.Add(new JsonObject { ["type"] = "TextBlock", ["text"] = Text.LastFitting(notice.LogTail, 4000), ["fontType"] = "Monospace", ["wrap"] = true });
        }

        body.Add(new JsonObject { ["type"] = "TextBlock", ["text"] = Text.Context(notice), ["isSubtle"] = true, ["size"] = "Small", ["wrap"] = true });
        var card = new JsonObject
        {
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["type"] = "AdaptiveCard",
            ["version"] = "1.4",
            ["body"] = body,
        };
        if (notice.Link is { } link)
        {
            card["actions"] = new JsonArray(new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = "Build log", ["url"] = link });
        }

        return new JsonObject
        {
            ["type"] = "message",
            ["attachments"] = new JsonArray(new JsonObject { ["contentType"] = "application/vnd.microsoft.card.adaptive", ["content"] = card }),
        };
    }
}
