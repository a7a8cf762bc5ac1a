using System.Text.Json;

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

        try
        {
            return (JsonDocument.Parse(buffer.ToArray()), null);
        }
        catch (JsonException e)
        {
            return (null, Results.Problem($"the body is not JSON: {e.Message}", statusCode: StatusCodes.Status400BadRequest));
        }
    }

    private static IResult TooLarge(int maxBytes) =>
        Results.Problem($"the body is larger than {maxBytes} bytes (RegistryWatcher:Webhooks:MaxBodyBytes)", statusCode: StatusCodes.Status413PayloadTooLarge);
}
