namespace Platform.Catalog.Specs;

public static class BuildArguments
{
    /// <summary>The build arguments of an image: the environment's (<c>Catalog:BuildArgs</c>) overlaid with the image's own.</summary>
    public static IReadOnlyDictionary<string, string> For(ImageSpec spec, IReadOnlyDictionary<string, string> environment)
    {
        var args = new Dictionary<string, string>(environment, StringComparer.Ordinal);
        foreach (var (name, value) in spec.BuildArgs)
        {
            args[name] = value;
        }

        return args;
    }
}
