using Platform.Catalog.Yaml;
using YamlDotNet.RepresentationModel;

namespace Platform.Deployer.Specs;

/// <summary>
/// Checks what <c>promote.from</c> names against the other environment files of the same commit: the source
/// environment must have a file (<c>deploy/&lt;name&gt;.yaml</c>) and a deployment of the same name and kind, and
/// following <c>promote.from</c> from environment to environment must end at one that follows a tag, not come back
/// (a cycle would wait forever). A deployment that fails a check is left out, with its file and line.
/// </summary>
public static class PromotionChain
{
    /// <param name="environment">This deployer's environment.</param>
    /// <param name="files">The environment files of the commit by environment name (<c>deploy/beta.yaml</c> is <c>beta</c>), with their text.</param>
    public static EnvironmentSpec Check(string environment, EnvironmentSpec spec, IReadOnlyDictionary<string, string> files)
    {
        var problems = new List<DeploymentProblem>();
        var peers = new Dictionary<string, PeerFile>(StringComparer.Ordinal);
        PeerFile Peer(string name) => peers.TryGetValue(name, out var peer) ? peer : peers[name] = PeerFile.Read(FileOf(name), files[name]);

        var promoted = spec.Services.Select(s => (s.Name, Kind: "service", s.Promote))
            .Concat(spec.Jobs.Select(j => (j.Name, Kind: "job", j.Promote)))
            .Where(d => d.Promote is not null);
        foreach (var (name, kind, promote) in promoted)
        {
            void Problem(string message) => problems.Add(new DeploymentProblem(name, spec.File ?? FileOf(environment), promote!.Line, message));

            var chain = new List<string> { environment };
            var from = promote!.From;
            while (true)
            {
                if (chain.Contains(from))
                {
                    Problem(chain.Count == 1
                        ? $"promote.from '{from}' is this environment itself: a deployment cannot qualify by running where it is promoted to"
                        : $"promotion cycle: {string.Join(" <- ", chain.Append(from))} ({name} in {FileOf(chain[^1])} promotes from {from}): no environment of it follows a tag, so nothing would ever run");
                    break;
                }

                if (!files.ContainsKey(from))
                {
                    Problem($"promote.from '{from}'{(chain.Count > 1 ? $" (in {FileOf(chain[^1])})" : "")} is an unknown environment: there is no {FileOf(from)} at " +
                        $"{spec.Commit[..Math.Min(7, spec.Commit.Length)]} (environments: {string.Join(", ", files.Keys.Append(environment).Distinct().Order(StringComparer.Ordinal))})");
                    break;
                }

                var peer = Peer(from);
                if (peer.Error is { } error)
                {
                    Problem($"promote.from '{from}': {error}");
                    break;
                }

                if (!peer.Deployments.TryGetValue(name, out var source))
                {
                    Problem($"promote.from '{from}': {FileOf(from)} has no {kind} {name} to promote from");
                    break;
                }

                if (source.Kind != kind)
                {
                    Problem($"promote.from '{from}': {name} is a {source.Kind} in {FileOf(from)}, not a {kind}");
                    break;
                }

                if (source.From is null)
                {
                    break;
                }

                chain.Add(from);
                from = source.From;
            }
        }

        return spec.Without(problems);
    }

    public static string FileOf(string environment) => $"deploy/{environment}.yaml";

    /// <summary>Only what the check needs of another environment file: each deployment's kind and <c>promote.from</c>.</summary>
    private sealed record PeerFile(IReadOnlyDictionary<string, (string Kind, string? From)> Deployments, string? Error)
    {
        public static PeerFile Read(string file, string yaml)
        {
            var deployments = new Dictionary<string, (string Kind, string? From)>(StringComparer.Ordinal);
            string? error = null;
            var nodes = new SpecNodes(file, (line, message) => error ??= $"{file} could not be read to check the chain of promotions: line {line}: {message}");
            try
            {
                // Its own deployer reports a second document; the check reads the first, as that deployer does.
                var document = SpecYaml.Load(yaml, nodes, secondDocument: null);
                if (error is not null || document is not YamlMappingNode root)
                {
                    return new PeerFile(deployments, error);
                }

                foreach (var (section, kind) in new[] { ("services", "service"), ("jobs", "job") })
                {
                    if (!root.Children.TryGetValue(section, out var entries) || entries is not YamlMappingNode mapping)
                    {
                        continue;
                    }

                    foreach (var (key, value) in mapping.Children)
                    {
                        var from = value is YamlMappingNode fields && fields.Children.TryGetValue("promote", out var promote) && promote is YamlMappingNode promotion
                            && promotion.Children.TryGetValue("from", out var source) && source is YamlScalarNode { Value: { Length: > 0 } name }
                                ? name
                                : null;
                        deployments[((YamlScalarNode)key).Value ?? ""] = (kind, from);
                    }
                }

                return new PeerFile(deployments, null);
            }
            catch (InvalidCastException e)
            {
                return new PeerFile(deployments, $"{file} could not be read to check the chain of promotions: {e.Message}");
            }
        }
    }
}
