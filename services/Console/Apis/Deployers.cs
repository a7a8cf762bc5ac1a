namespace Platform.Console.Apis;

/// <summary>
/// The deployers the console reads, one per environment: <c>deployer</c> (the AppHost's first environment) and each
/// <c>deployer-&lt;environment&gt;</c> the AppHost references (<c>Platform:Environments=beta,prod</c>), as service discovery names them.
/// </summary>
public sealed class Deployers(IHttpClientFactory clients, ApiCache cache, IReadOnlyList<string> names)
{
    public const string First = "deployer";

    /// <summary>The resource names, the first environment's first.</summary>
    public IReadOnlyList<string> Names => names;

    public DeployerApi Default => For(null);

    /// <summary>The API of the named deployer; an unknown or missing name is the first environment's.</summary>
    public DeployerApi For(string? name)
    {
        var known = Known(name);
        return new DeployerApi(clients.CreateClient(known), cache, known);
    }

    public string Known(string? name) => name is not null && names.Contains(name, StringComparer.Ordinal) ? name : names[0];

    /// <summary>The deployers service discovery knows (<c>services:deployer-prod:http:0</c>, ...); <c>deployer</c> alone when it names none.</summary>
    public static IReadOnlyList<string> Discover(IConfiguration configuration)
    {
        var found = configuration.GetSection("services").GetChildren().Select(c => c.Key)
            .Where(k => k == First || k.StartsWith(First + "-", StringComparison.Ordinal))
            .OrderBy(k => k == First ? 0 : 1).ThenBy(k => k, StringComparer.Ordinal)
            .ToList();
        return found.Count == 0 ? [First] : found;
    }
}
