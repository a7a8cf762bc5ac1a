using System.Net;
using System.Reflection;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using k8s;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Platform.Deployer.Kubernetes;
using Platform.Testing;

namespace Platform.Deployer.Tests.Kubernetes;

/// <summary>
/// In-cluster configuration against the FAKE API server served over TLS, as a pod sees its cluster: the
/// KUBERNETES_SERVICE_HOST/PORT variables and a service account folder with token, CA and namespace. The
/// client library reads that folder from a fixed path, which only the test moves (by reflection, since it
/// is the library's own test hook); the deployer's code is the same as in a pod.
/// </summary>
[Collection(InClusterCollection.Name)]
public sealed class InClusterConfigTests : IAsyncLifetime
{
    private readonly TempDirectory serviceAccount = new("service-account");
    private readonly FakeKubernetesApiServer server = new();
    private FieldInfo path = null!;
    private object? originalPath;

    public async Task InitializeAsync()
    {
        var (ca, certificate) = Certificates();
        await server.StartAsync(certificate);
        await File.WriteAllTextAsync(serviceAccount.Combine("token"), server.Token);
        await File.WriteAllTextAsync(serviceAccount.Combine("ca.crt"), ca.ExportCertificatePem());
        await File.WriteAllTextAsync(serviceAccount.Combine("namespace"), "data");
        path = typeof(KubernetesClientConfiguration).GetField("ServiceAccountPath", BindingFlags.NonPublic | BindingFlags.Static)
            ?? throw new InvalidOperationException("KubernetesClient no longer has its ServiceAccountPath test hook");
        originalPath = path.GetValue(null);
        path.SetValue(null, serviceAccount.Path);
        var uri = new Uri(server.Url);
        Environment.SetEnvironmentVariable("KUBERNETES_SERVICE_HOST", uri.Host);
        Environment.SetEnvironmentVariable("KUBERNETES_SERVICE_PORT", uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    public async Task DisposeAsync()
    {
        Environment.SetEnvironmentVariable("KUBERNETES_SERVICE_HOST", null);
        Environment.SetEnvironmentVariable("KUBERNETES_SERVICE_PORT", null);
        path?.SetValue(null, originalPath);
        await server.DisposeAsync();
        serviceAccount.Dispose();
    }

    [Fact(Timeout = 30_000)]
    public async Task Inside_a_pod_the_service_accounts_token_ca_and_namespace_are_used_without_a_kubeconfig()
    {
        server.Put("deployments", "data", "web", """
            {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": "data"},
             "spec": {"replicas": 1, "selector": {"matchLabels": {"app": "web"}},
                      "template": {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [{"name": "web", "image": "registry.example:5000/team/web@sha256:aaaa"}]}}}}
            """);
        using var connection = new KubernetesConnection(Options.Create(new KubernetesTargetOptions()));
        var target = new KubernetesServiceTarget(connection, Options.Create(new KubernetesTargetOptions { PollInterval = TimeSpan.FromMilliseconds(50) }),
            TimeProvider.System, NullLogger<KubernetesServiceTarget>.Instance);

        await target.ReplaceAsync(KubernetesCluster.Service("web"), "registry.example:5000", "sha256:bbbb", Guid.NewGuid(), CancellationToken.None);

        Assert.Equal(("data", "the pod's service account (in-cluster)", server.Url.TrimEnd('/')), (connection.Namespace, connection.Source, connection.Server.TrimEnd('/')));
        Assert.Equal("registry.example:5000/team/web@sha256:bbbb",
            server.Get("deployments", "data", "web")["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>());
    }

    /// <summary>A cluster CA and an API server certificate it signed for 127.0.0.1.</summary>
    private static (X509Certificate2 Ca, X509Certificate2 Server) Certificates()
    {
        var now = DateTimeOffset.UtcNow;
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=fake-kubernetes-ca", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var ca = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(1));

        using var serverKey = RSA.Create(2048);
        var request = new CertificateRequest("CN=kubernetes", serverKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var signed = request.Create(ca, now.AddHours(-1), now.AddDays(1), RandomNumberGenerator.GetBytes(8));
        using var withKey = signed.CopyWithPrivateKey(serverKey);
        return (ca, X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null));
    }
}

/// <summary>In-cluster configuration is read from process-wide variables: these tests run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class InClusterCollection
{
    public const string Name = "Kubernetes in-cluster configuration";
}
