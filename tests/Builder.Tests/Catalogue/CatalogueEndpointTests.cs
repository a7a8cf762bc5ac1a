using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Platform.Builder.Catalogue;
using Platform.Catalog;
using Platform.Testing;

namespace Platform.Builder.Tests.Catalogue;

/// <summary><c>GET /api/catalog</c> over a real git repository of images: the catalogue the console lists and draws.</summary>
public sealed class CatalogueEndpointTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_catalogue_names_each_image_with_its_kind_its_bases_and_dependents_and_each_problem_with_file_and_line()
    {
        using var repository = await TempGitRepository.CreateAsync();
        repository.WriteFile("images/base/image.yaml", "name: team/base\nkind: base\n");
        repository.WriteFile("images/base/Dockerfile", "FROM python:3.12-slim\n");
        repository.WriteFile("images/api/image.yaml", "name: team/api\nkind: service\nservice:\n  port: 8080\n  health: /health\n");
        repository.WriteFile("images/api/Dockerfile", "FROM registry.example.com/team/base:latest\nCOPY --from=busybox:1.36 /bin/true /srv/\n");
        repository.WriteFile("images/broken/image.yaml", "name: team/broken\nkind: daemon\n");
        repository.WriteFile("images/broken/Dockerfile", "FROM team/base\n");
        var commit = await repository.CommitAllAsync("a base, a service on it, an image of no known kind");
        await using var app = await StartAsync(repository.Path);
        using var cts = new CancellationTokenSource(Timeout);

        using var response = await app.GetTestClient().GetAsync("/api/catalog", cts.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cts.Token));
        var root = json.RootElement;
        Assert.Equal(commit, root.GetProperty("commit").GetString());
        var images = root.GetProperty("images").EnumerateArray().ToDictionary(i => i.GetProperty("name").GetString()!);
        Assert.Equal(["team/api", "team/base"], images.Keys.Order());
        Assert.Equal("Base", images["team/base"].GetProperty("kind").GetString());
        Assert.Equal("Service", images["team/api"].GetProperty("kind").GetString());
        Assert.Equal(["team/api"], Strings(images["team/base"].GetProperty("dependents")));
        Assert.Equal(["python:3.12-slim"], Strings(images["team/base"].GetProperty("upstream")));
        var apiBase = Assert.Single(images["team/api"].GetProperty("bases").EnumerateArray());
        Assert.Equal(("team/base", 1, "From"), (apiBase.GetProperty("name").GetString(), apiBase.GetProperty("line").GetInt32(), apiBase.GetProperty("kind").GetString()));
        Assert.Equal(["busybox:1.36"], Strings(images["team/api"].GetProperty("upstream")));
        Assert.Equal("images/api/Dockerfile", images["team/api"].GetProperty("dockerfile").GetString());

        var problem = Assert.Single(root.GetProperty("problems").EnumerateArray());
        Assert.Equal("images/broken/image.yaml", problem.GetProperty("file").GetString());
        Assert.Equal(2, problem.GetProperty("line").GetInt32());
        Assert.Contains("daemon", problem.GetProperty("message").GetString());
        var upstream = root.GetProperty("upstream").EnumerateArray().Select(u => u.GetProperty("reference").GetString()).ToList();
        Assert.Equal(["busybox:1.36", "python:3.12-slim"], upstream);
    }

    [Fact]
    public async Task A_repository_that_cannot_be_read_is_answered_with_503_and_the_reason()
    {
        using var repository = await TempGitRepository.CreateAsync();
        await using var app = await StartAsync(repository.Path);
        using var cts = new CancellationTokenSource(Timeout);

        using var response = await app.GetTestClient().GetAsync("/api/catalog", cts.Token);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("could not be read", await response.Content.ReadAsStringAsync(cts.Token));
    }

    private static List<string?> Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString())];

    private static async Task<WebApplication> StartAsync(string repository)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Configuration["Catalog:Repository"] = repository;
        builder.Services.AddImageCatalog();
        var app = builder.Build();
        app.MapCatalogue();
        await app.StartAsync();
        return app;
    }
}
