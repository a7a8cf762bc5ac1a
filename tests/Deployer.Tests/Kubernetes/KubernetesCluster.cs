using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Platform.Deployer.Kubernetes;
using Platform.Deployer.Specs;
using Platform.Testing;

namespace Platform.Deployer.Tests.Kubernetes;

/// <summary>The deployer's Kubernetes targets connected through a kubeconfig file to the FAKE API server, which the tests fill with objects.</summary>
public sealed class KubernetesCluster : IAsyncDisposable
{
    public const string Namespace = "data";
    public const string RegistryHost = "registry.example:5000";

    private readonly TempDirectory folder = new("kubernetes");

    private KubernetesCluster(FakeKubernetesApiServer server, KubernetesConnection connection)
    {
        Server = server;
        Connection = connection;
        var options = Options.Create(new KubernetesTargetOptions { PollInterval = TimeSpan.FromMilliseconds(50), RolloutTimeout = TimeSpan.FromSeconds(20) });
        Services = new KubernetesServiceTarget(connection, options, TimeProvider.System, NullLogger<KubernetesServiceTarget>.Instance);
        Jobs = new KubernetesJobTarget(connection, TimeProvider.System, NullLogger<KubernetesJobTarget>.Instance);
    }

    public FakeKubernetesApiServer Server { get; }

    public KubernetesConnection Connection { get; }

    public KubernetesServiceTarget Services { get; }

    public KubernetesJobTarget Jobs { get; }

    public string DataDirectory => folder.Path;

    public static async Task<KubernetesCluster> StartAsync()
    {
        var server = new FakeKubernetesApiServer();
        await server.StartAsync();
        var kubeconfig = Path.Combine(Path.GetTempPath(), $"platform-test-kubeconfig-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(kubeconfig, server.Kubeconfig(Namespace));
        try
        {
            return new KubernetesCluster(server, new KubernetesConnection(Options.Create(new KubernetesTargetOptions { Kubeconfig = kubeconfig })));
        }
        finally
        {
            File.Delete(kubeconfig);
        }
    }

    public static string Digest(char c) => "sha256:" + new string(c, 64);

    public static string Image(string repository, char digest) => $"{RegistryHost}/{repository}@{Digest(digest)}";

    /// <summary>A Deployment of <paramref name="replicas"/> pods of one container running <paramref name="image"/>.</summary>
    public void AddDeployment(string name, string image, int replicas = 2, int progressDeadlineSeconds = 600)
    {
        var labels = new Dictionary<string, string> { ["app"] = name };
        Server.Put("deployments", Namespace, name, KubernetesJson.Serialize(new V1Deployment
        {
            ApiVersion = "apps/v1",
            Kind = "Deployment",
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = Namespace },
            Spec = new V1DeploymentSpec
            {
                Replicas = replicas,
                ProgressDeadlineSeconds = progressDeadlineSeconds,
                Selector = new V1LabelSelector { MatchLabels = labels },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = labels },
                    Spec = new V1PodSpec { Containers = [new V1Container { Name = name, Image = image }] },
                },
            },
        }));
    }

    public void AddCronJob(string name, string image)
    {
        Server.Put("cronjobs", Namespace, name, KubernetesJson.Serialize(new V1CronJob
        {
            ApiVersion = "batch/v1",
            Kind = "CronJob",
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = Namespace },
            Spec = new V1CronJobSpec
            {
                Schedule = "0 3 * * *",
                ConcurrencyPolicy = "Allow",
                JobTemplate = new V1JobTemplateSpec
                {
                    Spec = new V1JobSpec
                    {
                        Template = new V1PodTemplateSpec
                        {
                            Spec = new V1PodSpec { RestartPolicy = "Never", Containers = [new V1Container { Name = name, Image = image }] },
                        },
                    },
                },
            },
        }));
    }

    public string DeploymentImage(string name) =>
        Server.Get("deployments", Namespace, name)["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>();

    public static ServiceDeployment Service(string name) =>
        new(name, new FollowedImage($"team/{name}", null, FollowPolicy.Latest), 1, 8080, null, new Dictionary<string, string>(),
            new HealthCheck("/health", TimeSpan.FromSeconds(5)), new Deployer.Specs.KubernetesObject(name, null));

    public async ValueTask DisposeAsync()
    {
        Connection.Dispose();
        await Server.DisposeAsync();
        folder.Dispose();
    }
}
