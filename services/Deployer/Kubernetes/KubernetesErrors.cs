using System.Net;
using k8s.Autorest;
using Platform.Deployer.Targets;

namespace Platform.Deployer.Kubernetes;

/// <summary>Turns the API server's refusals into errors that name the deployment, the object and, for 403, the permission it lacks.</summary>
public static class KubernetesErrors
{
    public static async Task<T> CallAsync<T>(string deployment, string verb, string resource, string ns, string name, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (HttpOperationException e)
        {
            var status = e.Response?.StatusCode;
            var what = $"{resource} {ns}/{name}";
            throw new DeploymentException(status switch
            {
                HttpStatusCode.NotFound => $"{deployment}: the {what} does not exist (create it first, or set kubernetes.name in the environment file)",
                HttpStatusCode.Forbidden => $"{deployment}: the service account may not {verb} {resource} in namespace {ns} " +
                    $"(RBAC: a Role with verb '{verb}' on '{Plural(resource)}', see docs/deployments.md): {Reason(e)}",
                HttpStatusCode.Unauthorized => $"{deployment}: the API server did not accept the credentials to {verb} the {what}: {Reason(e)}",
                _ => $"{deployment}: {verb} the {what} failed: {(int?)status} {Reason(e)}",
            }, [], e);
        }
        catch (HttpRequestException e)
        {
            throw new DeploymentException($"{deployment}: the API server could not be reached to {verb} the {resource} {ns}/{name}: {e.Message}", [], e);
        }
    }

    private static string Plural(string resource) => resource switch
    {
        "Deployment" => "deployments (apps)",
        "CronJob" => "cronjobs (batch)",
        _ => resource.ToLowerInvariant() + "s",
    };

    private static string Reason(HttpOperationException e)
    {
        var body = e.Response?.Content;
        if (string.IsNullOrWhiteSpace(body))
        {
            return e.Message;
        }

        try
        {
            using var json = System.Text.Json.JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("message", out var message) ? message.GetString() ?? body : body;
        }
        catch (System.Text.Json.JsonException)
        {
            return body.Length > 300 ? body[..300] : body;
        }
    }
}
