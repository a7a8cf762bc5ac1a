namespace Platform.Builder.Coordinator.Webhooks;

/// <summary>A webhook request that is authentic but not of the shape its provider documents; the message says where, for the 400 answer.</summary>
public sealed class WebhookShapeException(string message) : Exception(message);
