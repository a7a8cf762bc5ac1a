using Platform.Catalog.Yaml;

namespace Platform.Deployer.Specs;

/// <summary>The spec toolkit's node reader for one deployment of an environment file (or for the file itself, without a deployment).</summary>
internal static class DeploymentNodes
{
    public static SpecNodes For(string file, string? deployment, List<DeploymentProblem> problems) =>
        new(file, (line, message) => problems.Add(new DeploymentProblem(deployment, file, line, message)));
}
