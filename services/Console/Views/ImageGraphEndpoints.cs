using Platform.Console.Access;
using Platform.Console.Apis;

namespace Platform.Console.Views;

public static class ImageGraphEndpoints
{
    /// <summary>
    /// <c>GET /images/graph.svg</c>: the catalogue's dependency graph as a picture, under the same reading rules as the pages.
    /// A picture of its own, so that the Images page's first render does not wait for it.
    /// </summary>
    public static IEndpointRouteBuilder MapImageGraph(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/images/graph.svg", async (BuilderApi builder, CancellationToken cancellationToken) =>
            await builder.CatalogueAsync(cancellationToken) is { Value: { } catalogue }
                ? Results.Text(ImageGraphSvg.Write(ImageGraph.Of(catalogue)), "image/svg+xml")
                : Results.StatusCode(StatusCodes.Status503ServiceUnavailable))
            .RequireAuthorization(ConsoleAccess.ReaderPolicy);
        return endpoints;
    }
}
