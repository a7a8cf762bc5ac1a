using System.Text.Json.Nodes;

namespace Platform.Deployer.Notifications;

/// <summary>
/// The body of a Slack incoming webhook: <c>text</c> (the fallback of notifications and screen readers) and Block Kit <c>blocks</c> within
/// Slack's limits (a header's plain text up to 150 characters, a section's text up to 3000, up to 10 fields of up to 2000 each).
/// Text from the event is escaped (<c>&amp;</c>, <c>&lt;</c>, <c>&gt;</c>), so that a log line cannot mention <c>&lt;!channel&gt;</c>.
/// </summary>
public static class SlackMessage
{
    public static JsonObject Of(Notice notice)
    {
        var blocks = new JsonArray
        {
            new JsonObject { ["type"] = "header", ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = Text.Cut(notice.Title, 150) } },
        };
        if (notice.Facts.Count > 0)
        {
            blocks.Add(new JsonObject
            {
                ["type"] = "section",
                ["fields"] = new JsonArray([.. notice.Facts.Take(10).Select(f => (JsonNode)Mrkdwn(Text.Cut($"*{Escape(f.Key)}*\n{Escape(f.Value)}", 2000)))]),
            });
        }

        if (notice.LogTail.Count > 0)
        {
            var title = notice.Kind == NoticeKind.BuildFailed ? "*Last lines of the build log*" : "*Last log lines*";
            var lines = Text.LastFitting(notice.LogTail.Select(Escape), 3000 - title.Length - 8);
            blocks.Add(new JsonObject { ["type"] = "section", ["text"] = Mrkdwn($"{title}\n```{lines}```") });
        }

        if (notice.Link is { } link)
        {
            blocks.Add(new JsonObject { ["type"] = "section", ["text"] = Mrkdwn(Text.Cut($"<{Escape(link)}|Build log>", 3000)) });
        }

        blocks.Add(new JsonObject { ["type"] = "context", ["elements"] = new JsonArray(Mrkdwn(Text.Cut(Escape(Text.Context(notice)), 3000))) });
        return new JsonObject { ["text"] = Text.Cut(Text.Fallback(notice), 3000), ["blocks"] = blocks };
    }

    private static JsonObject Mrkdwn(string text) => new() { ["type"] = "mrkdwn", ["text"] = text };

    private static string Escape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
