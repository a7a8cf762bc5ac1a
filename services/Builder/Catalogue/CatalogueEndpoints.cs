using Platform.Catalog;

namespace Platform.Builder.Catalogue;

public static class CatalogueEndpoints
{
    /// <summary>
    /// <c>GET /api/catalog</c>: the catalogue at the followed revision: each image with its kind, platforms, tags, the catalogue
    /// images it starts from (with the Dockerfile's line) and those that start from it, its upstream bases; the problems
    /// (images skipped) and warnings with file and line. 503 when the repository cannot be read.
    /// </summary>
    public static IEndpointRouteBuilder MapCatalogue(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/catalog", async (CatalogSource catalog, ILogger<CatalogSource> logger, CancellationToken cancellationToken) =>
        {
            try
            {
                return Results.Ok(CatalogueDocument.Of(await catalog.GetAsync(cancellationToken)));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "The catalogue could not be read for GET /api/catalog");
                return Results.Problem($"the repository of images could not be read: {e.Message}", statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        });
        return endpoints;
    }
}
