using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.Builder;
using Platform.Builder.Catalogue;
using Platform.Builder.Coordinator.Commits;
using Platform.Builder.History;
using Platform.Builder.Logs;
using Platform.Builder.Workers;
using Platform.Catalog;
using Platform.ServiceDefaults;
using Platform.Testing;

namespace Platform.Bench.ConsolePages;

/// <summary>
/// The builder's read side as the console reads it: its real history endpoints over its real SQLite history (seeded with
/// the builds a run would have recorded) and its real catalogue endpoint over a git repository of images; no poller, no
/// workers (they would build the 2,000 images).
/// </summary>
public sealed class BuilderApiHost : IAsyncDisposable
{
    private readonly WebApplication app;

    private BuilderApiHost(WebApplication app, Uri baseUri)
    {
        this.app = app;
        BaseUri = baseUri;
    }

    public Uri BaseUri { get; }

    public static async Task<BuilderApiHost> StartAsync(string repository, string dataDirectory, string commit)
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        builder.AddServiceDefaults(); // the builder's JSON settings (enums as names), as its Program has them
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration["Catalog:Repository"] = repository;
        builder.Services.AddImageCatalog();
        builder.Services.AddOptions<BuilderOptions>().Configure(o => o.DataDirectory = dataDirectory);
        builder.Services.AddSingleton<BuilderStore>();
        builder.Services.AddSingleton<BuildHistory>();
        builder.Services.AddSingleton<BuildLogStore>();
        builder.Services.AddSingleton<RunningBuilds>();
        var status = new CommitStatus();
        status.Completed(commit, 0, DateTimeOffset.UtcNow, null);
        builder.Services.AddSingleton(status);
        builder.Services.AddSingleton<CommitTrigger>();
        var app = builder.Build();
        app.MapBuildHistory();
        app.MapCatalogue();
        app.MapCommitEndpoints();
        await app.StartAsync();
        return new BuilderApiHost(app, new Uri($"http://127.0.0.1:{port}"));
    }

    public BuildHistory History => app.Services.GetRequiredService<BuildHistory>();

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
