using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Platform.Deployer.Tests.Kubernetes;

/// <summary>
/// A FAKE of the Kubernetes API server (no real one can run on this machine), implementing only the calls the
/// deployer makes: version; get and strategic-merge patch of Deployments and CronJobs; list pods by label
/// selector; a pod's log. A small simulated deployment controller moves a Deployment's status after a patch:
/// an image listed in <see cref="NeverAvailable"/> never gets available and exceeds the progress deadline.
/// It checks the bearer token, and answers 403 for what <see cref="Forbid"/> names, as RBAC would.
/// </summary>
public sealed class FakeKubernetesApiServer : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, FakeObject> objects = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> forbidden = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> podImages = new(StringComparer.Ordinal);
    private WebApplication? app;

    public string Token { get; } = Guid.NewGuid().ToString("N");

    public string Url { get; private set; } = "";

    /// <summary>How long a healthy rollout takes in the simulated controller.</summary>
    public TimeSpan RolloutDuration { get; init; } = TimeSpan.FromMilliseconds(400);

    /// <summary>Images whose pods crash: their rollout never completes. Value: the log lines their pods write.</summary>
    public ConcurrentDictionary<string, string[]> NeverAvailable { get; } = new(StringComparer.Ordinal);

    /// <summary>Every request, as "METHOD path", in order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>Starts on a free loopback port: plain http, or https with <paramref name="certificate"/> as a cluster's API server has.</summary>
    public async Task StartAsync(System.Security.Cryptography.X509Certificates.X509Certificate2? certificate = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (certificate is null)
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
        }
        else
        {
            builder.WebHost.UseKestrelHttpsConfiguration();
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        }

        app = builder.Build();
        app.Use(async (context, next) =>
        {
            Requests.Enqueue($"{context.Request.Method} {context.Request.Path}");
            if (context.Request.Headers.Authorization != $"Bearer {Token}")
            {
                await StatusAsync(context, HttpStatusCode.Unauthorized, "Unauthorized", "Unauthorized");
                return;
            }

            try
            {
                await next(context);
            }
            catch (Exception e)
            {
                await StatusAsync(context, HttpStatusCode.InternalServerError, "InternalError", $"the fake failed: {e}");
            }
        });
        app.MapGet("/version", () => Results.Json(new { major = "1", minor = "31", gitVersion = "v1.31.0-fake" }));
        app.MapMethods("/apis/{group}/v1/namespaces/{ns}/{resource}/{name}", ["GET", "PATCH"], ObjectAsync);
        app.MapGet("/api/v1/namespaces/{ns}/pods", (string ns, string? labelSelector) => Results.Text(Pods(ns, labelSelector).ToJsonString(), "application/json"));
        app.MapGet("/api/v1/namespaces/{ns}/pods/{name}/log", (string ns, string name) =>
            podImages.TryGetValue(name, out var image) && NeverAvailable.TryGetValue(image, out var lines)
                ? Results.Text(string.Join('\n', lines) + "\n")
                : Results.Text(""));
        await app.StartAsync();
        Url = app.Urls.First();
    }

    /// <summary>Adds or replaces an object, as kubectl apply would (JSON of a V1Deployment or V1CronJob).</summary>
    public void Put(string resource, string ns, string name, string json)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        node["metadata"]!["generation"] = 1L;
        node["status"] = resource == "deployments" ? Status.Complete(node, 1) : new JsonObject();
        objects[Key(resource, ns, name)] = new FakeObject(node, DateTimeOffset.UtcNow - RolloutDuration);
    }

    public JsonObject Get(string resource, string ns, string name) => objects[Key(resource, ns, name)].Node;

    /// <summary>Answers 403 to <paramref name="verb"/> on one object, as RBAC with resourceNames would.</summary>
    public void Forbid(string verb, string resource, string ns, string name) => forbidden[$"{verb} {resource} {ns} {name}"] = true;

    /// <summary>A kubeconfig that points at this server with its token, as a cluster's would.</summary>
    public string Kubeconfig(string ns) => $"""
        apiVersion: v1
        kind: Config
        clusters:
        - name: fake
          cluster:
            server: {Url}
        users:
        - name: deployer
          user:
            token: {Token}
        contexts:
        - name: fake
          context:
            cluster: fake
            user: deployer
            namespace: {ns}
        current-context: fake
        """;

    private async Task ObjectAsync(HttpContext context, string group, string ns, string resource, string name)
    {
        var verb = context.Request.Method == "GET" ? "get" : "patch";
        if (forbidden.ContainsKey($"{verb} {resource} {ns} {name}"))
        {
            await StatusAsync(context, HttpStatusCode.Forbidden, "Forbidden",
                $"{resource}.{group} \"{name}\" is forbidden: User \"system:serviceaccount:{ns}:deployer\" cannot {verb} resource \"{resource}\" in API group \"{group}\" in the namespace \"{ns}\"");
            return;
        }

        if (!objects.TryGetValue(Key(resource, ns, name), out var found))
        {
            await StatusAsync(context, HttpStatusCode.NotFound, "NotFound", $"{resource}.{group} \"{name}\" not found");
            return;
        }

        lock (found)
        {
            if (verb == "patch")
            {
                var patch = JsonNode.Parse(new StreamReader(context.Request.Body).ReadToEndAsync().GetAwaiter().GetResult())!.AsObject();
                var before = found.Node["spec"]!.ToJsonString();
                StrategicMerge.Apply(found.Node, patch);
                if (found.Node["spec"]!.ToJsonString() != before)
                {
                    found.Node["metadata"]!["generation"] = found.Node["metadata"]!["generation"]!.AsValue().GetValue<long>() + 1;
                    found.PatchedAt = DateTimeOffset.UtcNow;
                }
            }

            if (resource == "deployments")
            {
                found.Node["status"] = Status.Of(found, NeverAvailable.ContainsKey(Image(found.Node)), RolloutDuration);
            }
        }

        await Results.Text(found.Node.ToJsonString(), "application/json").ExecuteAsync(context);
    }

    /// <summary>One pod per Deployment whose selector matches, running the template's image.</summary>
    private JsonObject Pods(string ns, string? selector)
    {
        var wanted = (selector ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('=')).ToDictionary(l => l[0], l => l[1]);
        var items = new JsonArray();
        foreach (var (key, found) in objects.Where(o => o.Key.StartsWith($"deployments/{ns}/", StringComparison.Ordinal)))
        {
            var labels = found.Node["spec"]?["selector"]?["matchLabels"]?.AsObject();
            if (labels is null || wanted.Any(w => labels[w.Key]?.GetValue<string>() != w.Value))
            {
                continue;
            }

            var image = Image(found.Node);
            var container = found.Node["spec"]!["template"]!["spec"]!["containers"]![0]!["name"]!.GetValue<string>();
            var crashing = NeverAvailable.ContainsKey(image);
            var pod = $"{key.Split('/')[2]}-{(uint)StringComparer.Ordinal.GetHashCode(image) % 100000:00000}";
            podImages[pod] = image;
            var state = crashing
                ? new JsonObject { ["waiting"] = new JsonObject { ["reason"] = "CrashLoopBackOff", ["message"] = "back-off 40s restarting failed container" } }
                : new JsonObject { ["running"] = new JsonObject() };
            items.Add(new JsonObject
            {
                ["metadata"] = new JsonObject
                {
                    ["name"] = pod, ["namespace"] = ns, ["labels"] = labels.DeepClone(),
                    ["creationTimestamp"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
                },
                ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = container, ["image"] = image }) },
                ["status"] = new JsonObject
                {
                    ["containerStatuses"] = new JsonArray(new JsonObject
                    {
                        ["name"] = container, ["image"] = image, ["ready"] = !crashing, ["restartCount"] = crashing ? 3 : 0, ["state"] = state,
                    }),
                },
            });
        }

        return new JsonObject { ["kind"] = "PodList", ["apiVersion"] = "v1", ["metadata"] = new JsonObject(), ["items"] = items };
    }

    private static string Image(JsonObject node) => node["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>();

    private static string Key(string resource, string ns, string name) => $"{resource}/{ns}/{name}";

    private static async Task StatusAsync(HttpContext context, HttpStatusCode code, string reason, string message)
    {
        context.Response.StatusCode = (int)code;
        await context.Response.WriteAsJsonAsync(new { kind = "Status", apiVersion = "v1", status = "Failure", message, reason, code = (int)code });
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private sealed class FakeObject(JsonObject node, DateTimeOffset patchedAt)
    {
        public JsonObject Node { get; } = node;

        public DateTimeOffset PatchedAt { get; set; } = patchedAt;
    }

    /// <summary>The simulated deployment controller: the status a Deployment has some time after its last patch.</summary>
    private static class Status
    {
        public static JsonObject Complete(JsonObject node, long generation)
        {
            var replicas = node["spec"]?["replicas"]?.GetValue<int>() ?? 1;
            return Make(generation, replicas, replicas, replicas, "True", "NewReplicaSetAvailable", "ReplicaSet has successfully progressed.");
        }

        public static JsonObject Of(FakeObject found, bool neverAvailable, TimeSpan rolloutDuration)
        {
            var node = found.Node;
            var generation = node["metadata"]!["generation"]!.AsValue().GetValue<long>();
            var since = DateTimeOffset.UtcNow - found.PatchedAt;
            var replicas = node["spec"]?["replicas"]?.GetValue<int>() ?? 1;
            if (since < TimeSpan.FromMilliseconds(100))
            {
                // The controller has not looked at the new generation yet.
                var stale = node["status"]!.DeepClone().AsObject();
                return stale;
            }

            if (!neverAvailable)
            {
                return since >= rolloutDuration
                    ? Complete(node, generation)
                    : Make(generation, replicas + 1, 1, replicas, "True", "ReplicaSetUpdated", "ReplicaSet is progressing.");
            }

            var deadline = TimeSpan.FromSeconds(node["spec"]?["progressDeadlineSeconds"]?.GetValue<int>() ?? 600);
            return since >= deadline
                ? Make(generation, replicas + 1, 1, replicas, "False", "ProgressDeadlineExceeded", "ReplicaSet has timed out progressing.")
                : Make(generation, replicas + 1, 1, replicas, "True", "ReplicaSetUpdated", "ReplicaSet is progressing.");
        }

        private static JsonObject Make(long generation, int replicas, int updated, int available, string status, string reason, string message) => new()
        {
            ["observedGeneration"] = generation,
            ["replicas"] = replicas,
            ["updatedReplicas"] = updated,
            ["availableReplicas"] = available,
            ["readyReplicas"] = available,
            ["conditions"] = new JsonArray(new JsonObject
            {
                ["type"] = "Progressing", ["status"] = status, ["reason"] = reason, ["message"] = message,
            }),
        };
    }
}
