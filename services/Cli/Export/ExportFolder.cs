namespace Platform.Cli.Export;

/// <summary>
/// Writes the export all at once: every file into a new folder beside <c>--output</c>, then the old folder is swapped for it, so
/// a failure leaves the old export as it was. The user's own files of a kept overlay (its secrets.env) move to the new folder;
/// a folder the export did not write before is refused rather than replaced.
/// </summary>
public static class ExportFolder
{
    public static async Task ReplaceAsync(string folder, IReadOnlyDictionary<string, string> files, IReadOnlyList<Overlay> overlays, CancellationToken cancellationToken)
    {
        var target = Path.GetFullPath(folder);
        if (File.Exists(target))
        {
            throw new CommandLineException($"could not write to --output {folder}: it is a file, not a folder");
        }

        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any() && !WrittenByExport(target))
        {
            throw new CommandLineException($"--output {folder} has files that the export did not write; name a new or empty folder (the export replaces it as a whole)");
        }

        var parent = Path.GetDirectoryName(target)!;
        var fresh = Path.Combine(parent, $".{Path.GetFileName(target)}.export-{Guid.NewGuid():N}");
        var old = Path.Combine(parent, $".{Path.GetFileName(target)}.old-{Guid.NewGuid():N}");
        try
        {
            foreach (var (name, text) in files)
            {
                var path = Path.Combine(fresh, name);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                await File.WriteAllTextAsync(path, text, cancellationToken);
            }

            if (Directory.Exists(target))
            {
                KeepUserFiles(target, fresh, files, overlays);
                Directory.Move(target, old);
            }

            Directory.Move(fresh, target);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (Directory.Exists(old) && !Directory.Exists(target))
            {
                Directory.Move(old, target);
            }

            throw new CommandLineException($"could not write to --output {folder}: {e.Message}");
        }
        finally
        {
            if (Directory.Exists(fresh))
            {
                Directory.Delete(fresh, recursive: true);
            }
        }

        if (Directory.Exists(old))
        {
            Directory.Delete(old, recursive: true);
        }
    }

    /// <summary>A folder of an earlier export: its kustomization (this layout's or the earlier flat one's) starts with the export's header.</summary>
    private static bool WrittenByExport(string folder) =>
        new[] { Path.Combine(folder, "base", "kustomization.yaml"), Path.Combine(folder, "kustomization.yaml") }
            .Any(f => File.Exists(f) && File.ReadLines(f).FirstOrDefault() == KubernetesExport.Header.TrimEnd('\n'));

    private static void KeepUserFiles(string target, string fresh, IReadOnlyDictionary<string, string> files, IReadOnlyList<Overlay> overlays)
    {
        foreach (var overlay in overlays)
        {
            var folder = Path.Combine(target, "overlays", overlay.Name);
            if (!Directory.Exists(folder))
            {
                continue;
            }

            foreach (var file in Directory.GetFiles(folder))
            {
                var relative = $"overlays/{overlay.Name}/{Path.GetFileName(file)}";
                if (!files.ContainsKey(relative))
                {
                    File.Copy(file, Path.Combine(fresh, "overlays", overlay.Name, Path.GetFileName(file)));
                }
            }
        }
    }
}
