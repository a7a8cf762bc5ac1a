namespace Platform.Registry;

/// <summary>A registry answered with an error or could not be reached; the message names the registry and repository.</summary>
public sealed class RegistryException(string message, int? statusCode = null, Exception? inner = null)
    : Exception(message, inner)
{
    public int? StatusCode { get; } = statusCode;
}
