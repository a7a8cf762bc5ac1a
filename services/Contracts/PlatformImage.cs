namespace Platform.Contracts;

/// <summary>One platform's image inside a multi-platform index.</summary>
/// <param name="Platform">os/architecture[/variant], for example linux/arm64.</param>
/// <param name="Digest">The digest of that platform's manifest.</param>
public sealed record PlatformImage(string Platform, string Digest);
