namespace Platform.Catalog.Tests.Index;

/// <summary>
/// Random edits of a repository of images, as people make them: images added and removed, sources,
/// specs, Dockerfiles and .dockerignore files written and deleted, folders that are no image, shared
/// contexts, images that start from each other (cycles included) and every kind of mistake. The edits
/// read the work tree, so they go on from whatever commit is checked out.
/// </summary>
internal sealed class RandomChanges(ImageRepository repository, Random random)
{
    private static readonly string[] Folders = ["a", "b", "c", "d", "grp/e", "grp/f"];
    private static readonly string[] SourceFiles = ["src/main.py", "src/lib/util.py", "src/data.json", "README.md", "docs/guide.md", "config.json"];
    private static readonly string[] SharedFolders = ["common", "grp/common"];

    private string Root => Path.Combine(repository.Repository.Path, ImageRepository.ImagesRoot);

    /// <summary>Makes <paramref name="count"/> random edits; returns what they were, for a failure message.</summary>
    public string Make(int count)
    {
        var made = new List<string>();
        for (var i = 0; i < count; i++)
        {
            made.Add(random.Next(20) switch
            {
                0 or 1 or 2 => AddImage(Pick(Folders)),
                3 => RemoveFolder(),
                4 or 5 or 6 or 7 => WriteSource(),
                8 or 9 => DeleteFile(),
                10 or 11 => WriteSpec(Pick(Folders)),
                12 or 13 or 14 => WriteDockerfile(Pick(Folders)),
                15 => WriteDockerignore(),
                16 => Pick<Func<string>>([
                    () => Write($"{Pick(["notes", "grp/notes"])}/todo.md", Content()),
                    () => WriteDockerfile(Pick(["grp/e/sub", "a/tests", "notes"])),
                    () => WriteSpec(Pick(["grp/e/sub", "a/tests"])),
                ])(),
                17 => Write($"{Pick(SharedFolders)}/{Pick(["lib/shared.py", "README.md", "data/seed.csv"])}", Content()),
                18 => RemoveSpecOrDockerfile(),
                _ => WriteDockerfile(Pick(Folders)) + " and " + WriteSpec(Pick(Folders)),
            });
        }

        return string.Join("; ", made);
    }

    public string AddImage(string folder)
    {
        var made = new List<string> { random.Next(5) > 0 ? WriteSpec(folder) : WriteDockerfile(folder) };
        if (!File.Exists(Path.Combine(Root, folder, "Dockerfile")))
        {
            made.Add(WriteDockerfile(folder));
        }

        foreach (var file in SourceFiles.Where(_ => random.Next(2) == 0).Append("src/main.py"))
        {
            made.Add(Write($"{folder}/{file}", Content()));
        }

        return "add image " + folder + " (" + string.Join(", ", made) + ")";
    }

    private string WriteSource()
    {
        var folders = Directory.Exists(Root)
            ? Directory.EnumerateDirectories(Root, "*", SearchOption.AllDirectories).Select(Relative).ToList()
            : [];
        var folder = folders.Count > 0 && random.Next(5) > 0 ? Pick(folders) : Pick(Folders);
        return Write($"{folder}/{Pick(SourceFiles)}", Content());
    }

    private string WriteSpec(string folder)
    {
        var name = folder[(folder.LastIndexOf('/') + 1)..];
        var lines = new List<string[]>();
        if (random.Next(6) > 0)
        {
            // Now and then two images claim one name.
            lines.Add([$"name: platform/{(random.Next(8) == 0 ? Pick(Folders)[^1..] : name)}"]);
        }

        lines.Add([random.Next(24) switch
        {
            0 => "kind: daemon",
            < 6 => "kind: base",
            < 12 => "kind: service",
            _ => "kind: etl",
        }]);
        lines.Add(random.Next(20) switch
        {
            < 6 => ["context: .."],
            6 => ["context: ../../../.."],
            7 or 8 => ["dockerfile: Dockerfile.alt"],
            9 or 10 => ["dockerfile: build/Dockerfile"],
            _ => [],
        });
        lines.Add(random.Next(20) switch
        {
            < 3 => ["buildArgs:", "  ROOT_IMAGE: python:3.11-slim"],
            < 5 => ["platforms:", "  - linux/amd64"],
            5 => ["platforms:", "  - linux/arm64", "  - windows/amd64"],
            6 or 7 => ["tags: [stable]"],
            8 => ["kidn: typo"],
            9 => ["name: [unclosed"],
            _ => [],
        });
        var text = string.Concat(lines.OrderBy(_ => random.Next()).SelectMany(group => group).Select(line => line + "\n"));
        var made = Write($"{folder}/image.yaml", text);
        var named = lines.SelectMany(group => group).FirstOrDefault(l => l.StartsWith("dockerfile: ", StringComparison.Ordinal))?["dockerfile: ".Length..];
        if (named is not null)
        {
            made += " and " + Write($"{folder}/{named}", NewDockerfile(folder));
        }
        else if (random.Next(4) > 0)
        {
            // Mostly the Dockerfile follows the spec's context; now and then it is left behind.
            made += " and " + WriteDockerfile(folder);
        }

        return made;
    }

    private string WriteDockerfile(string folder) => Write($"{folder}/Dockerfile", NewDockerfile(folder));

    private string NewDockerfile(string folder)
    {
        var specPath = Path.Combine(Root, folder, "image.yaml");
        var shared = File.Exists(specPath) && File.ReadAllText(specPath).Contains("context: ..", StringComparison.Ordinal);
        var own = shared ? folder[(folder.LastIndexOf('/') + 1)..] + "/" : "";
        var lines = new List<string>();
        switch (random.Next(6))
        {
            case 0:
                lines.Add("ARG ROOT_IMAGE");
                lines.Add("FROM ${ROOT_IMAGE}");
                break;
            case 1 or 2:
                // Another image of the catalogue, by its spec's name or its folder's: chains, diamonds and now and then a cycle.
                lines.Add($"FROM {Pick(["platform/", "localhost:5000/platform/", ""])}{Pick(Folders)[^1..]}");
                break;
            case 3:
                lines.Add("FROM scratch");
                break;
            default:
                lines.Add("FROM python:3.12-slim");
                break;
        }

        foreach (var source in Enumerable.Range(0, random.Next(1, 4)).Select(_ => random.Next(30)))
        {
            lines.Add(source switch
            {
                < 10 => $"COPY {own}src/ /app/",
                < 13 => $"COPY {own}src/main.py /app/main.py",
                < 15 => $"COPY {own}*.json /app/",
                < 18 => shared ? "COPY common/ /common/" : "COPY . /ctx/",
                < 20 => $"COPY {own}src/*.py {own}src/lib/ /app/",
                < 22 => $"COPY --from=platform/{Pick(Folders)[^1..]} /etc/motd /etc/motd",
                22 => "COPY --from=busybox:1.36 /bin/busybox /bin/busybox",
                23 => $"COPY {own}missing.txt /app/",
                24 => "COPY ../outside /app/",
                25 => "RUNN echo typo",
                < 28 => "ARG ROOT_IMAGE\nRUN echo $ROOT_IMAGE > /etc/root",
                _ => "COPY . /ctx/",
            });
        }

        return string.Join('\n', lines) + "\n";
    }

    private string WriteDockerignore()
    {
        var folder = Pick(["", "grp", .. Folders]);
        var patterns = Enumerable.Range(0, random.Next(1, 4)).Select(_ => Pick(["*.md", "docs/", "src/*.json", "!src/data.json", "**/util.py", "!", "config.json"]));
        return Write($"{folder}/.dockerignore".TrimStart('/'), string.Join('\n', patterns) + "\n");
    }

    private string RemoveFolder()
    {
        var folder = Pick([.. Folders, .. SharedFolders, "notes", "grp"]);
        var full = Path.Combine(Root, folder);
        if (!Directory.Exists(full))
        {
            return $"remove {folder} (not there)";
        }

        Directory.Delete(full, recursive: true);
        return $"remove {folder}";
    }

    private string DeleteFile()
    {
        var files = AllFiles();
        if (files.Count == 0)
        {
            return "delete a file (none there)";
        }

        var file = Pick(files);
        File.Delete(Path.Combine(Root, file));
        return $"delete {file}";
    }

    private string RemoveSpecOrDockerfile()
    {
        var files = AllFiles().Where(f => f.EndsWith("/image.yaml", StringComparison.Ordinal) || f.EndsWith("/Dockerfile", StringComparison.Ordinal)).ToList();
        if (files.Count == 0)
        {
            return "delete a spec or Dockerfile (none there)";
        }

        var file = Pick(files);
        File.Delete(Path.Combine(Root, file));
        return $"delete {file}";
    }

    private List<string> AllFiles() =>
        Directory.Exists(Root) ? [.. Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories).Select(Relative).Order(StringComparer.Ordinal)] : [];

    private string Write(string path, string content)
    {
        repository.Write($"{ImageRepository.ImagesRoot}/{path}", content);
        return $"write {path}";
    }

    private string Content() => $"version {random.Next(1000)}\n";

    private T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private string Relative(string full) => Path.GetRelativePath(Root, full).Replace('\\', '/');
}
