namespace Platform.Deployer.Tests;

/// <summary>What a deployed service answered to one GET on its published loopback port.</summary>
public sealed record Answer(int Status, string Body)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    public static async Task<Answer> GetAsync(string endpoint, string path, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await Http.GetAsync(new Uri(new Uri(endpoint), path), cancellationToken);
            return new Answer((int)response.StatusCode, (await response.Content.ReadAsStringAsync(cancellationToken)).Trim());
        }
        catch (HttpRequestException e)
        {
            return new Answer(0, $"no answer: {e.Message}");
        }
    }

    public override string ToString() => $"{Status} \"{Body}\"";
}
