using System.Text.RegularExpressions;
using Platform.Catalog;
using Platform.Catalog.Specs;
using Platform.Catalog.Yaml;
using YamlDotNet.RepresentationModel;

namespace Platform.Deployer.Specs;

/// <summary>
/// Reads an environment file (<c>deploy/&lt;environment&gt;.yaml</c>) against the catalogue of the same
/// commit. A deployment with a problem is left out with a message naming it; the others run. Without a
/// file every catalogue service runs, and every ETL job whose <c>image.yaml</c> has a schedule.
/// </summary>
public static partial class EnvironmentSpecReader
{
    public static EnvironmentSpec Read(string file, string? yaml, ImageCatalog catalog, SpecDefaults defaults)
    {
        if (yaml is null)
        {
            return Implicit(catalog, defaults);
        }

        var problems = new List<DeploymentProblem>();
        var top = DeploymentNodes.For(file, null, problems);
        var services = new List<ServiceDeployment>();
        var jobs = new List<JobDeployment>();
        foreach (var (key, value) in top.Mapping(SpecYaml.Load(yaml, top, "only the first is read"), "the top level"))
        {
            switch (key.Value)
            {
                case "services":
                    services.AddRange(Each(top, problems, value, "services", (name, nodes, node) => ServiceReader.Read(name, nodes, node, catalog, defaults)));
                    break;
                case "jobs":
                    jobs.AddRange(Each(top, problems, value, "jobs", (name, nodes, node) => JobReader.Read(name, nodes, node, catalog, defaults)));
                    break;
                default:
                    top.Unknown(key, "at the top level", "services, jobs");
                    break;
            }
        }

        foreach (var duplicate in services.Select(s => s.Name).Intersect(jobs.Select(j => j.Name)))
        {
            problems.Add(new DeploymentProblem(duplicate, file, null, "is both a service and a job; names must be unique in an environment"));
        }

        return new EnvironmentSpec(catalog.Commit, file, services, jobs, problems);
    }

    /// <summary>The environment when there is no file: each catalogue service, and each ETL job that has a schedule, with its image's settings.</summary>
    public static EnvironmentSpec Implicit(ImageCatalog catalog, SpecDefaults defaults)
    {
        var services = new List<ServiceDeployment>();
        var jobs = new List<JobDeployment>();
        var problems = new List<DeploymentProblem>();
        foreach (var image in catalog.Images.Select(i => i.Spec))
        {
            var nodes = DeploymentNodes.For(image.SpecFile, image.Name, problems);
            if (image is { Kind: ImageKind.Service, Service: { } service })
            {
                services.Add(ServiceReader.Defaults(image.Name, Own(image.Name), service, defaults));
            }
            else if (image is { Kind: ImageKind.Etl, Etl.Schedule: { } schedule } && JobReader.Schedule(nodes, null, schedule, TimeZoneInfo.Utc) is { } cron)
            {
                jobs.Add(JobReader.Defaults(image.Name, Own(image.Name), cron, defaults));
            }
        }

        return new EnvironmentSpec(catalog.Commit, null, services, jobs, problems);
    }

    /// <summary>Resolves <c>image:</c>: a catalogue image, or host/path of an image from another registry.</summary>
    internal static FollowedImage? Image(SpecNodes nodes, YamlNode? node, string reference, FollowPolicy policy, ImageCatalog catalog, ImageKind kind)
    {
        if (catalog.Find(reference) is { } image)
        {
            if (image.Spec.Kind != kind)
            {
                nodes.Problem(node, $"image {reference} is kind {Name(image.Spec.Kind)} in its {ImageSpecReader.FileName}, not {Name(kind)}");
                return null;
            }

            return new FollowedImage(reference, null, policy);
        }

        var slash = reference.IndexOf('/');
        var host = slash > 0 ? reference[..slash] : "";
        if ((host.Contains('.') || host.Contains(':') || host == "localhost") && ImageSpecReader.RepositoryName().IsMatch(reference[(slash + 1)..]))
        {
            return new FollowedImage(reference[(slash + 1)..], host, policy);
        }

        nodes.Problem(node, $"image '{reference}' is not in the catalogue at {catalog.Commit[..Math.Min(7, catalog.Commit.Length)]}; " +
            "name a catalogue image or another registry's image as host/path (for example ghcr.io/team/app)");
        return null;
    }

    internal static FollowPolicy? Follow(SpecNodes nodes, YamlNode node)
    {
        try
        {
            if (node is YamlScalarNode)
            {
                var tag = nodes.Scalar(node, "follow");
                if (tag is null || !ImageSpecReader.Tag().IsMatch(tag))
                {
                    nodes.Problem(node, $"follow '{tag}' is not a tag");
                    return null;
                }

                return new FollowPolicy(FollowKind.Tag, tag);
            }

            var policies = nodes.Mapping(node, "follow").ToList();
            if (policies.Count != 1 || !Enum.TryParse<FollowKind>(policies[0].Key.Value, ignoreCase: true, out var kind))
            {
                nodes.Problem(node, "follow must be a tag, or one of tag:, semver: or regex: with its value");
                return null;
            }

            return new FollowPolicy(kind, nodes.Scalar(policies[0].Value, "follow") ?? "");
        }
        catch (ArgumentException e)
        {
            nodes.Problem(node, $"follow: {e.Message}");
            return null;
        }
    }

    internal static KubernetesObject? Kubernetes(SpecNodes nodes, YamlNode node, KubernetesObject defaults)
    {
        var result = defaults;
        foreach (var (key, value) in nodes.Mapping(node, "kubernetes"))
        {
            var text = nodes.Scalar(value, $"kubernetes.{key.Value}");
            if (key.Value is not ("name" or "container"))
            {
                nodes.Unknown(key, "in kubernetes", "name, container");
            }
            else if (text is null || !ObjectName().IsMatch(text))
            {
                nodes.Problem(value, $"kubernetes.{key.Value} '{text}' is not a Kubernetes name (lowercase letters, digits, '-', at most 63)");
                return null;
            }
            else
            {
                result = key.Value == "name" ? result with { Name = text } : result with { Container = text };
            }
        }

        return result;
    }

    /// <summary><c>promote:</c>, which takes the place of <c>follow:</c> (<paramref name="follow"/> is that key when the deployment has both).</summary>
    internal static Promotion? Promote(SpecNodes nodes, YamlNode node, YamlScalarNode? follow, bool isJob, SpecDefaults defaults)
    {
        if (follow is not null)
        {
            nodes.Problem(follow, "follow: and promote: exclude each other: a promoted deployment runs what qualified in its source environment, not a tag");
        }

        return PromotionReader.Read(nodes, node, isJob, defaults);
    }

    /// <summary>The object's default name in a cluster: the last path segment of the deployment's name.</summary>
    internal static KubernetesObject DefaultObject(string name)
    {
        var last = name[(name.LastIndexOf('/') + 1)..].Replace('.', '-').Replace('_', '-');
        return new KubernetesObject(last.Length > 63 ? last[..63] : last, null);
    }

    private static FollowedImage Own(string name) => new(name, null, FollowPolicy.Latest);

    private static string Name(ImageKind kind) => kind.ToString().ToLowerInvariant();

    private static IEnumerable<T> Each<T>(SpecNodes top, List<DeploymentProblem> problems, YamlNode node, string section, Func<string, SpecNodes, YamlNode, T?> read)
        where T : class
    {
        foreach (var (key, value) in top.Mapping(node, section))
        {
            var name = key.Value ?? "";
            var nodes = DeploymentNodes.For(top.File, name, problems);
            if (!DeploymentName().IsMatch(name))
            {
                nodes.Problem(key, "is not a valid deployment name (lowercase letters, digits, '.', '_', '-' and '/', at most 100)");
                continue;
            }

            if (ReadOne(read, name, nodes, value) is { } deployment && nodes.Count == 0)
            {
                yield return deployment;
            }
        }
    }

    /// <summary>A value no check foresaw is still that deployment's problem, never the whole file's.</summary>
    private static T? ReadOne<T>(Func<string, SpecNodes, YamlNode, T?> read, string name, SpecNodes nodes, YamlNode node)
        where T : class
    {
        try
        {
            return read(name, nodes, node);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or OverflowException or InvalidOperationException)
        {
            nodes.Problem(node, $"could not be read: {e.Message}");
            return null;
        }
    }

    [GeneratedRegex("^[a-z0-9]([a-z0-9._/-]{0,98}[a-z0-9])?$")]
    private static partial Regex DeploymentName();

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")]
    private static partial Regex ObjectName();
}

/// <summary>Settings a deployment gets when its spec does not say (from the deployer's options).</summary>
/// <param name="MinSuccessfulRuns">Successful runs a job's digest needs in its source environment when <c>promote.runs</c> does not say (<c>Deployer:PromotionRuns</c>).</param>
public sealed record SpecDefaults(TimeSpan HealthTimeout, TimeSpan JobTimeout, int MinSuccessfulRuns = 1);
