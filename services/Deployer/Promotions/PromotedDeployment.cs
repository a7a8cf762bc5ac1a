using Platform.Deployer.Ledger;
using Platform.Deployer.Specs;

namespace Platform.Deployer.Promotions;

/// <summary>A service or job of the environment, seen from the ledger and the promotions: its name, kind and <c>promote:</c> (null when it follows a tag).</summary>
public sealed record DeploymentRef(string Name, DeploymentKind Kind, Promotion? Promote, ServiceDeployment? Service, JobDeployment? Job)
{
    public static IEnumerable<DeploymentRef> All(EnvironmentSpec spec) =>
        spec.Services.Select(s => new DeploymentRef(s.Name, DeploymentKind.Service, s.Promote, s, null))
            .Concat(spec.Jobs.Select(j => new DeploymentRef(j.Name, DeploymentKind.Job, j.Promote, null, j)));

    public static DeploymentRef? Find(EnvironmentSpec spec, string name) => All(spec).FirstOrDefault(d => d.Name == name);

    public Specs.FollowedImage Image => Service?.Image ?? Job!.Image;

    public string Describe => Kind == DeploymentKind.Service ? $"service {Name}" : $"job {Name}";
}
