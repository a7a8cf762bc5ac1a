using Microsoft.Extensions.Options;
using Platform.Catalog.Dockerfiles;
using Platform.Catalog.Git;
using Platform.Catalog.Specs;

namespace Platform.Catalog;

/// <summary>Reads the catalogue of images at a commit: every folder under the images root is one image.</summary>
public sealed class CatalogReader(GitRepository repository, IOptions<CatalogOptions> options)
{
    private string ImagesRoot => options.Value.ImagesRoot.Trim('/');

    public async Task<ImageCatalog> ReadAsync(string commit, CancellationToken cancellationToken)
    {
        var files = await repository.ListFilesAsync(commit, ImagesRoot, cancellationToken);
        var fileSet = files.ToHashSet(StringComparer.Ordinal);
        var folders = files
            .Select(f => f[(ImagesRoot.Length + 1)..])
            .Where(f => f.Contains('/'))
            .Select(f => $"{ImagesRoot}/{f[..f.IndexOf('/')]}")
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);

        var images = new List<CatalogImage>();
        var problems = new List<CatalogProblem>();
        foreach (var folder in folders)
        {
            var specFile = $"{folder}/{ImageSpecReader.FileName}";
            var yaml = fileSet.Contains(specFile) ? await repository.ReadFileAsync(commit, specFile, cancellationToken) : null;
            var (spec, specProblems) = ImageSpecReader.Read(folder, yaml);
            problems.AddRange(specProblems);
            if (spec is null)
            {
                continue;
            }

            var dockerfilePath = $"{folder}/{spec.Dockerfile}";
            var dockerfile = fileSet.Contains(dockerfilePath)
                ? await repository.ReadFileAsync(commit, dockerfilePath, cancellationToken)
                : null;
            if (dockerfile is null)
            {
                problems.Add(new CatalogProblem(folder, dockerfilePath, null,
                    $"the image folder {folder}/ has no {spec.Dockerfile}, so it cannot be built"));
                continue;
            }

            images.Add(new CatalogImage(spec, BaseImageReader.Read(dockerfile, BuildArgsOf(spec))));
        }

        foreach (var duplicate in images.GroupBy(i => i.Spec.Name).Where(g => g.Count() > 1).ToList())
        {
            var folderList = string.Join(", ", duplicate.Select(i => i.Spec.SpecFile));
            foreach (var image in duplicate)
            {
                problems.Add(new CatalogProblem(image.Spec.Folder, image.Spec.SpecFile, null,
                    $"the image name '{duplicate.Key}' is used by more than one image ({folderList})"));
                images.Remove(image);
            }
        }

        return new ImageCatalog(commit, images, problems);
    }

    /// <summary>Environment-wide build arguments overlaid with the image's own.</summary>
    public IReadOnlyDictionary<string, string> BuildArgsOf(ImageSpec spec)
    {
        var args = new Dictionary<string, string>(options.Value.BuildArgs, StringComparer.Ordinal);
        foreach (var (name, value) in spec.BuildArgs)
        {
            args[name] = value;
        }

        return args;
    }
}
