using Platform.Catalog.Index;
using Platform.Catalog.Yaml;
using YamlDotNet.RepresentationModel;

namespace Platform.Catalog.Specs;

/// <summary>What an image is built from: <c>dockerfile</c>, <c>context</c> and <c>buildArgs</c>, and whether the two paths fit together.</summary>
internal sealed class BuildSection(string folder)
{
    private readonly Dictionary<string, string> buildArgs = new(StringComparer.Ordinal);
    private string context = ".";
    private int? contextLine;
    private int? dockerfileLine;

    public string Dockerfile { get; private set; } = ImageSpecReader.DefaultDockerfile;

    public IReadOnlyDictionary<string, string> BuildArgs => buildArgs;

    public void Read(SpecNodes nodes, string field, YamlNode value)
    {
        switch (field)
        {
            case "dockerfile":
                Dockerfile = nodes.Scalar(value, "dockerfile") ?? Dockerfile;
                dockerfileLine = SpecNodes.Line(value);
                break;
            case "context":
                context = nodes.Scalar(value, "context") ?? context;
                contextLine = SpecNodes.Line(value);
                break;
            case "buildArgs":
                foreach (var (name, argument) in nodes.Mapping(value, "buildArgs"))
                {
                    buildArgs[name.Value!] = nodes.Scalar(argument, $"buildArgs.{name.Value}") ?? "";
                }

                break;
        }
    }

    /// <summary>The build context relative to the repository root (the image folder when it is wrong); a path that leaves it is a problem.</summary>
    public string Check(SpecNodes nodes)
    {
        var absolute = false;
        foreach (var (field, value, line) in new[] { ("context", context, contextLine), ("dockerfile", Dockerfile, dockerfileLine) })
        {
            if (value.StartsWith('/'))
            {
                nodes.Problem(line, $"{field} '{value}' must be a path relative to the image folder {folder}/, not an absolute path");
                absolute = true;
            }
        }

        var contextPath = RepositoryPath.TryCombine(folder, context);
        var dockerfilePath = RepositoryPath.TryCombine(folder, Dockerfile);
        // An absolute path is a problem already; what the two paths make together would only repeat it.
        if (!absolute && contextPath is null)
        {
            nodes.Problem(contextLine, $"context '{context}' leaves the repository");
        }
        else if (!absolute && (dockerfilePath is null || !RepositoryPath.IsUnder(dockerfilePath, contextPath!)))
        {
            // Either field may be the mistake; the line of 'dockerfile:' when the context is the default.
            nodes.Problem(contextLine ?? dockerfileLine, $"the Dockerfile {dockerfilePath ?? Dockerfile} is not inside the build context {contextPath}");
        }

        return contextPath ?? folder;
    }
}
