using System.CommandLine;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Platform.Cli.Export;

/// <summary><c>platform export kubernetes</c>: Kubernetes manifests for Platform itself from the AppHost's published model.</summary>
public static partial class ExportCommand
{
    public static Command Create()
    {
        var manifest = new Option<string>("--manifest") { Description = "The AppHost's model, as scripts/export-manifest.sh writes it", HelpName = "file", DefaultValueFactory = _ => "aspire-manifest.json" };
        var output = new Option<string>("--output", "-o") { Description = "The folder to write (files Platform wrote before are replaced)", HelpName = "folder", DefaultValueFactory = _ => "deploy/kubernetes" };
        var ns = new Option<string>("--namespace") { Description = "The namespace Platform runs in", HelpName = "name", DefaultValueFactory = _ => "platform" };
        ns.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is not { } name || !NamespaceName().IsMatch(name))
            {
                result.AddError($"--namespace '{result.GetValueOrDefault<string>()}' is not a Kubernetes namespace name (lowercase letters, digits and '-', at most 63)");
            }
        });
        var kubernetes = new Command("kubernetes", "Write Deployments, Services, ConfigMaps, Secret references and the deployer's RBAC for Platform itself")
        {
            manifest, output, ns,
        };
        kubernetes.SetAction(async (result, cancellationToken) =>
        {
            var path = result.GetValue(manifest)!;
            var files = KubernetesExport.Render(await ReadAsync(path, cancellationToken), path, result.GetValue(ns)!);
            var folder = result.GetValue(output)!;
            await WriteAsync(folder, files, cancellationToken);
            await result.InvocationConfiguration.Output.WriteLineAsync($"wrote {files.Count} files to {folder}");
            return ExitCodes.Success;
        });
        return new Command("export", "Export Platform itself for another place to run it") { kubernetes };
    }

    private static async Task<string> ReadAsync(string path, CancellationToken cancellationToken)
    {
        if (Directory.Exists(path))
        {
            throw new CommandLineException($"--manifest {path} is a folder; name the manifest file (run scripts/export-manifest.sh to write aspire-manifest.json)");
        }

        if (!File.Exists(path))
        {
            throw new CommandLineException($"no manifest at {path}: run scripts/export-manifest.sh first");
        }

        try
        {
            return await File.ReadAllTextAsync(path, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CommandLineException($"the manifest {path} could not be read: {e.Message}");
        }
    }

    private static async Task WriteAsync(string folder, IReadOnlyDictionary<string, string> files, CancellationToken cancellationToken)
    {
        try
        {
            Directory.CreateDirectory(folder);
            foreach (var stale in Directory.GetFiles(folder, "*.yaml").Where(f => !files.ContainsKey(Path.GetFileName(f))))
            {
                File.Delete(stale);
            }

            foreach (var (name, text) in files)
            {
                await File.WriteAllTextAsync(Path.Combine(folder, name), text, cancellationToken);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CommandLineException($"could not write to --output {folder}: {e.Message}");
        }
    }

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")]
    private static partial Regex NamespaceName();
}
