namespace Platform.Catalog;

/// <summary>
/// Turns the images read at a commit into a catalogue: two images with one name, and images whose
/// dependencies form a cycle, are left out with a problem that names the others involved.
/// </summary>
public static class CatalogAssembler
{
    /// <param name="brokenNames">Names of images that could not be read (a spec that parsed, a Dockerfile or COPY that did not):
    /// their dependents are left out too, rather than built from whatever the registry holds under that name.</param>
    public static ImageCatalog Assemble(
        string commit, IEnumerable<CatalogImage> read, IEnumerable<CatalogProblem> problemsSoFar, IEnumerable<string>? brokenNames = null,
        IReadOnlyList<CatalogProblem>? warnings = null)
    {
        var images = read.OrderBy(i => i.Spec.Folder, StringComparer.Ordinal).ToList();
        var problems = problemsSoFar.ToList();

        var names = new HashSet<string>(images.Count, StringComparer.Ordinal);
        var duplicates = images.All(i => names.Add(i.Spec.Name)) ? [] : images.GroupBy(i => i.Spec.Name).Where(g => g.Count() > 1).ToList();
        foreach (var duplicate in duplicates)
        {
            var places = string.Join(", ", duplicate.Select(i => i.Spec.NameLine is { } line ? $"{i.Spec.SpecFile}:{line}" : $"{i.Spec.Folder}/ (named after its folder)"));
            foreach (var image in duplicate)
            {
                problems.Add(new CatalogProblem(image.Spec.Folder, image.Spec.SpecFile, image.Spec.NameLine,
                    $"the image name '{duplicate.Key}' is used by more than one image: {places}"));
                images.Remove(image);
            }
        }

        var draft = new ImageCatalog(commit, [.. images], []);
        var left = images.Count;
        foreach (var cycle in Cycles(draft))
        {
            var path = string.Join(" -> ", cycle.Append(cycle[0]));
            foreach (var name in cycle)
            {
                var image = draft.Find(name)!;
                var reference = draft.CatalogueBases(name).First(b => cycle.Contains(b.Name)).Reference;
                problems.Add(new CatalogProblem(image.Spec.Folder, image.Spec.DockerfilePath, reference.Line,
                    $"the images depend on each other in a cycle: {path}"));
                images.Remove(image);
            }
        }

        var broken = new HashSet<string>(brokenNames ?? [], StringComparer.Ordinal);
        for (var changed = broken.Count > 0; changed;)
        {
            changed = false;
            foreach (var image in images.ToList())
            {
                var reference = image.BaseImages.FirstOrDefault(b => ImageCatalog.CandidateNames(b.Reference).Any(broken.Contains));
                if (reference is null)
                {
                    continue;
                }

                var baseName = ImageCatalog.CandidateNames(reference.Reference).First(broken.Contains);
                problems.Add(new CatalogProblem(image.Spec.Folder, image.Spec.DockerfilePath, reference.Line,
                    $"its base image {baseName} cannot be built (see its problem), so neither can this image"));
                images.Remove(image);
                changed |= broken.Add(image.Spec.Name);
            }
        }

        // Images that share a context or a Dockerfile report problems on the same line; the image decides their order.
        IReadOnlyList<CatalogProblem> ordered = [.. problems.OrderBy(p => p.File, StringComparer.Ordinal).ThenBy(p => p.Line).ThenBy(p => p.Image, StringComparer.Ordinal)];
        // The common case, no image left out for a cycle or a broken base: the draft's graph is the catalogue's.
        return images.Count == left ? draft.WithProblems(ordered, warnings) : new ImageCatalog(commit, images, ordered, warnings);
    }

    /// <summary>The cycles of the dependency graph (strongly connected components of more than one image, or an image on itself).</summary>
    private static List<List<string>> Cycles(ImageCatalog catalog)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var cycles = new List<List<string>>();
        var counter = 0;

        foreach (var image in catalog.Images.Select(i => i.Spec.Name))
        {
            if (!index.ContainsKey(image))
            {
                Visit(image);
            }
        }

        return cycles;

        // Tarjan's algorithm, iterative so that a long chain of bases cannot overflow the stack.
        void Visit(string root)
        {
            var work = new Stack<(string Node, int Next)>();
            Enter(root);
            work.Push((root, 0));
            while (work.Count > 0)
            {
                var (node, next) = work.Pop();
                var edges = catalog.CatalogueBases(node);
                if (next < edges.Count)
                {
                    work.Push((node, next + 1));
                    var target = edges[next].Name;
                    if (!index.ContainsKey(target))
                    {
                        Enter(target);
                        work.Push((target, 0));
                    }
                    else if (onStack.Contains(target))
                    {
                        low[node] = Math.Min(low[node], index[target]);
                    }

                    continue;
                }

                if (work.Count > 0)
                {
                    var parent = work.Peek().Node;
                    low[parent] = Math.Min(low[parent], low[node]);
                }

                if (low[node] == index[node])
                {
                    var component = new List<string>();
                    string member;
                    do
                    {
                        member = stack.Pop();
                        onStack.Remove(member);
                        component.Add(member);
                    }
                    while (member != node);

                    if (component.Count > 1)
                    {
                        component.Reverse();
                        cycles.Add(component);
                    }
                }
            }
        }

        void Enter(string node)
        {
            index[node] = low[node] = counter++;
            stack.Push(node);
            onStack.Add(node);
        }
    }
}
