using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Platform.AppHost.Supervision;

public static class SupervisionExtensions
{
    /// <summary>
    /// Starts the resource again with backoff when its process exits without being asked to (a crash, a
    /// <c>kill -9</c>); a stop from the dashboard or of the AppHost stays a stop. Run mode only: in a cluster
    /// the orchestrator does this.
    /// </summary>
    public static IResourceBuilder<T> WithRestartPolicy<T>(this IResourceBuilder<T> resource, RestartPolicy? policy = null)
        where T : IResource
    {
        if (!resource.ApplicationBuilder.ExecutionContext.IsRunMode)
        {
            return resource;
        }

        var services = resource.ApplicationBuilder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ResourceSupervisor>());
        return resource.WithAnnotation(new RestartPolicyAnnotation(policy ?? RestartPolicy.Default), ResourceAnnotationMutationBehavior.Replace);
    }
}
