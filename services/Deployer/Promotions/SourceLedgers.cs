using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using Platform.Deployer.Ledger;

namespace Platform.Deployer.Promotions;

/// <summary>
/// Reads what ran in a source environment from that environment's deployer (<c>GET /api/ledger</c> at <c>Deployer:Sources:&lt;name&gt;</c>):
/// each deployer keeps the ledger of its own environment, and the one that promotes asks it.
/// </summary>
public sealed class SourceLedgers(IHttpClientFactory clients, IOptions<DeployerOptions> options)
{
    private const int Depth = 100;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>The source environment's stints of <paramref name="deployment"/>, newest first; throws <see cref="SourceUnavailableException"/> saying why not.</summary>
    public async Task<IReadOnlyList<Stint>> StintsAsync(string environment, string deployment, CancellationToken cancellationToken)
    {
        if (!options.Value.Sources.TryGetValue(environment, out var url))
        {
            throw new SourceUnavailableException($"no address for the deployer of {environment}: set Deployer:Sources:{environment} (the AppHost does for beta)");
        }

        var request = new Uri(new Uri(url.TrimEnd('/') + "/"), $"api/ledger?deployment={Uri.EscapeDataString(deployment)}&limit={Depth}");
        Stint[] stints;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            stints = await clients.CreateClient(nameof(SourceLedgers)).GetFromJsonAsync<Stint[]>(request, Json, timeout.Token) ?? [];
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or NotSupportedException
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new SourceUnavailableException($"the deployer of {environment} at {url} did not answer GET /api/ledger: {e.Message}", e);
        }

        if (stints.FirstOrDefault(s => s.Environment != environment) is { } foreign)
        {
            throw new SourceUnavailableException($"Deployer:Sources:{environment} ({url}) is the deployer of {foreign.Environment}, not of {environment}");
        }

        return stints;
    }
}

/// <summary>The source environment's ledger could not be read: nothing is promoted until it can.</summary>
public sealed class SourceUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
