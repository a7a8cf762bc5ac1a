using Docker.DotNet.Models;

namespace Platform.Deployer.Docker;

/// <summary>
/// Names of a service's containers. A new container starts as a candidate (<c>….candidate</c>) and is
/// renamed to its final name only once healthy: Docker labels cannot change after creation, so the
/// name is the mark of a container that passed its health check, which survives a deployer that is
/// killed mid-rollout.
/// </summary>
public static class ContainerNames
{
    public const string CandidateSuffix = ".candidate";

    /// <summary><c>{environment}-{service}-{12 digest characters}</c>, and <c>-2</c>, <c>-3</c>… for further replicas.</summary>
    public static string Final(string environment, string service, string digest, int replica) =>
        $"{environment}-{service.Replace('/', '-')}-{digest[(digest.IndexOf(':') + 1)..][..12]}" + (replica == 0 ? "" : $"-{replica + 1}");

    public static string Candidate(string environment, string service, string digest, int replica) =>
        Final(environment, service, digest, replica) + CandidateSuffix;

    public static bool IsCandidate(ContainerListResponse container) =>
        container.Names.Any(n => n.EndsWith(CandidateSuffix, StringComparison.Ordinal));

    public static bool Has(ContainerListResponse container, string name) => container.Names.Contains("/" + name);

    public static string? DigestOf(ContainerListResponse container) =>
        container.Labels.TryGetValue(ContainerLabels.Digest, out var digest) ? digest : null;

    public static string Describe(ContainerListResponse container) =>
        $"{container.Names.FirstOrDefault()?.TrimStart('/') ?? container.ID[..12]} ({DigestOf(container) ?? "no digest"})";
}
