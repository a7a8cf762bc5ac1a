using Platform.Catalog;
using Platform.Catalog.Dockerfiles;

namespace Platform.Builder.Planning;

/// <summary>The images a commit needs built, bases before the images that start from them, each with why.</summary>
public sealed record BuildPlan(string Commit, IReadOnlyList<PlannedBuild> Builds);

/// <param name="CatalogueBases">Catalogue images this image starts from: they must be pushed before it is built.</param>
public sealed record PlannedBuild(CatalogImage Image, string Reason, IReadOnlyList<CatalogueBase> CatalogueBases);

/// <summary>A <c>FROM</c> that names an image of the catalogue.</summary>
/// <param name="Name">The catalogue name of the base image.</param>
/// <param name="Reference">The reference as the Dockerfile writes it, and its line.</param>
public sealed record CatalogueBase(string Name, BaseImageReference Reference);
