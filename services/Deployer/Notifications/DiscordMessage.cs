using System.Text.Json.Nodes;

namespace Platform.Deployer.Notifications;

/// <summary>The body of a Discord webhook: <c>content</c> (up to 2000 characters) and one embed (title 256, description 4096, up to 25 fields), mentioning no one.</summary>
public static class DiscordMessage
{
    public static JsonObject Of(Notice notice)
    {
        var embed = new JsonObject
        {
            ["title"] = Text.Cut(notice.Title, 256),
            ["fields"] = new JsonArray([.. notice.Facts.Take(25).Select(f => (JsonNode)new JsonObject
            {
                ["name"] = Text.Cut(f.Key, 256), ["value"] = Text.Cut(f.Value, 1024), ["inline"] = f.Value.Length < 40,
            })]),
            ["footer"] = new JsonObject { ["text"] = Text.Cut(Text.Context(notice), 2048) },
            ["timestamp"] = notice.OccurredAt.ToString("O"),
        };
        if (notice.LogTail.Count > 0)
        {
            embed["description"] = $"```\n{Text.LastFitting(notice.LogTail.Select(l => l.Replace("```", "'''", StringComparison.Ordinal)), 4000)}\n```";
        }

        if (notice.Link is { } link)
        {
            embed["url"] = link;
        }

        return new JsonObject
        {
            ["content"] = Text.Cut(Text.Fallback(notice), 2000),
            ["embeds"] = new JsonArray(embed),
            ["allowed_mentions"] = new JsonObject { ["parse"] = new JsonArray() },
        };
    }
}
