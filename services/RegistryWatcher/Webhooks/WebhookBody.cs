using System.Buffers;
using System.Text;
using System.Text.Json;
using Platform.Registry;

using Platform.ServiceDefaults.Webhooks;

namespace Platform.RegistryWatcher.Webhooks;

/// <summary>Reads a webhook's JSON body up to a size limit, so that a huge body costs no more than the limit.</summary>
public static class WebhookBody
{
    /// <returns>The document, or the status and reason to answer with.</returns>
    public static async Task<(JsonDocument? Document, IResult? Refusal)> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return (null, TooLarge(maxBytes));
        }

        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return (null, TooLarge(maxBytes));
            }

            buffer.Write(chunk, 0, read);
        }

        var bytes = buffer.ToArray();
        if (bytes.AsSpan().Trim(" \t\r\n"u8).IsEmpty)
        {
            return (null, BadRequest("the body is empty; a JSON object was expected"));
        }

        if (InvalidUtf8At(bytes) is { } offset)
        {
            return (null, BadRequest($"the body is not valid UTF-8 (at byte {offset})"));
        }

        try
        {
            return (JsonDocument.Parse(bytes), null);
        }
        catch (JsonException e)
        {
            return (null, BadRequest($"the body is not JSON: {e.Message}"));
        }
    }

    /// <summary>A <c>?registry=</c> that is given must be a registry host; the refusal says so.</summary>
    public static (string? Host, IResult? Refusal) Registry(HttpRequest request)
    {
        var given = request.Query["registry"];
        if (given.Count == 0)
        {
            return (null, null);
        }

        return given.Count == 1 && given[0] is { } host && ImageReference.IsRegistryHost(host)
            ? (host, null)
            : (null, BadRequest($"?registry={JsonShape.Quote(given.ToString())} is not a registry host (for example ghcr.io or 127.0.0.1:5000)"));
    }

    public static IResult BadRequest(string reason) => Results.Problem(reason, statusCode: StatusCodes.Status400BadRequest);

    private static int? InvalidUtf8At(ReadOnlySpan<byte> bytes)
    {
        if (System.Text.Unicode.Utf8.IsValid(bytes))
        {
            return null;
        }

        var offset = 0;
        while (offset < bytes.Length)
        {
            if (Rune.DecodeFromUtf8(bytes[offset..], out _, out var consumed) != OperationStatus.Done)
            {
                return offset;
            }

            offset += consumed;
        }

        return null;
    }

    private static IResult TooLarge(int maxBytes) =>
        Results.Problem($"the body is larger than {maxBytes} bytes (RegistryWatcher:Webhooks:MaxBodyBytes)", statusCode: StatusCodes.Status413PayloadTooLarge);
}
