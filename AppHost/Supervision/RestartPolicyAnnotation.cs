namespace Platform.AppHost.Supervision;

/// <summary>Marks a resource that the <see cref="ResourceSupervisor"/> starts again when it exits unexpectedly.</summary>
public sealed record RestartPolicyAnnotation(RestartPolicy Policy) : IResourceAnnotation;
