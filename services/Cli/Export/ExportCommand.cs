using System.CommandLine;

namespace Platform.Cli.Export;

/// <summary><c>platform export kubernetes</c>: Kubernetes manifests for Platform itself from the AppHost's published model.</summary>
public static class ExportCommand
{
    public static Command Create()
    {
        var manifest = new Option<string>("--manifest") { Description = "The AppHost's model, as scripts/export-manifest.sh writes it", HelpName = "file", DefaultValueFactory = _ => "aspire-manifest.json" };
        var output = new Option<string>("--output", "-o") { Description = "The folder to write (files Platform wrote before are replaced)", HelpName = "folder", DefaultValueFactory = _ => "deploy/kubernetes" };
        var ns = new Option<string>("--namespace") { Description = "The namespace Platform runs in", HelpName = "name", DefaultValueFactory = _ => "platform" };
        var kubernetes = new Command("kubernetes", "Write Deployments, Services, ConfigMaps, Secret references and the deployer's RBAC for Platform itself")
        {
            manifest, output, ns,
        };
        kubernetes.SetAction(async (result, cancellationToken) =>
        {
            var path = result.GetValue(manifest)!;
            if (!File.Exists(path))
            {
                await result.InvocationConfiguration.Error.WriteLineAsync($"error: no manifest at {path}: run scripts/export-manifest.sh first");
                return 1;
            }

            var folder = result.GetValue(output)!;
            var files = KubernetesExport.Render(await File.ReadAllTextAsync(path, cancellationToken), result.GetValue(ns)!);
            Directory.CreateDirectory(folder);
            foreach (var stale in Directory.GetFiles(folder, "*.yaml").Where(f => !files.ContainsKey(Path.GetFileName(f))))
            {
                File.Delete(stale);
            }

            foreach (var (name, text) in files)
            {
                await File.WriteAllTextAsync(Path.Combine(folder, name), text, cancellationToken);
            }

            await result.InvocationConfiguration.Output.WriteLineAsync($"wrote {files.Count} files to {folder}");
            return 0;
        });
        return new Command("export", "Export Platform itself for another place to run it") { kubernetes };
    }
}
