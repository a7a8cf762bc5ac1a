using System.Net.Http.Json;
using Platform.Testing.Forges;

namespace Platform.Builder.Tests.Statuses;

/// <summary>The FAKE provider APIs are only worth testing against if they refuse what the providers refuse.</summary>
public sealed class FakeForgeApiTests
{
    private const string Sha = "0123456789abcdef0123456789abcdef01234567";

    [Fact]
    public async Task The_GitHub_fake_refuses_a_141_character_description_an_unknown_state_and_a_request_without_its_headers()
    {
        await using var api = await FakeGitHubStatusApi.StartAsync();
        using var http = new HttpClient();

        async Task<int> PostAsync(object body, bool headers = true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"{api.ApiUrl}/repos/{api.Repository}/statuses/{Sha}") { Content = JsonContent.Create(body) };
            request.Headers.Authorization = new("Bearer", api.Token);
            if (headers)
            {
                request.Headers.UserAgent.ParseAdd("test");
                request.Headers.Accept.ParseAdd("application/vnd.github+json");
                request.Headers.Add("X-GitHub-Api-Version", "2022-11-28");
            }

            using var response = await http.SendAsync(request);
            return (int)response.StatusCode;
        }

        Assert.Equal(201, await PostAsync(new { state = "pending", description = new string('d', 140), context = "platform/app" }));
        Assert.Equal(422, await PostAsync(new { state = "pending", description = new string('d', 141), context = "platform/app" }));
        Assert.Equal(422, await PostAsync(new { state = "running", description = "building", context = "platform/app" }));
        Assert.Equal(422, await PostAsync(new { state = "pending", description = "queued", context = "platform/app" }, headers: false));
        Assert.Equal(422, await PostAsync(new { state = "success", target_url = "/api/builds/1/log", context = "platform/app" }));
    }

    [Fact]
    public async Task The_GitLab_fake_wants_the_project_path_escaped_and_its_token_header_and_refuses_pending_twice()
    {
        await using var api = await FakeGitLabStatusApi.StartAsync();
        using var http = new HttpClient();

        async Task<int> PostAsync(string project, string state, string token)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"{api.ApiUrl}/projects/{project}/statuses/{Sha}"))
            {
                Content = JsonContent.Create(new { state, name = "platform/app" }),
            };
            request.Headers.Add("PRIVATE-TOKEN", token);
            using var response = await http.SendAsync(request);
            return (int)response.StatusCode;
        }

        Assert.Equal(404, await PostAsync(api.Repository, "pending", api.Token));
        Assert.Equal(401, await PostAsync(Uri.EscapeDataString(api.Repository), "pending", "wrong"));
        Assert.Equal(201, await PostAsync(Uri.EscapeDataString(api.Repository), "pending", api.Token));
        Assert.Equal(400, await PostAsync(Uri.EscapeDataString(api.Repository), "pending", api.Token));
        Assert.Equal(400, await PostAsync(Uri.EscapeDataString(api.Repository), "failure", api.Token));
        Assert.Equal(201, await PostAsync(Uri.EscapeDataString(api.Repository), "failed", api.Token));
    }
}
