using System.Text;
using Platform.Catalog.Index;
using Platform.Catalog.Planning;
using Platform.Catalog.Tests.Index;
using Platform.Catalog.Tests.Planning;

namespace Platform.Catalog.Tests.Corpus;

/// <summary>
/// The corpus of bad inputs (<see cref="BadInputs"/>), each committed over a real repository with two valid
/// images: the catalogue reports exactly the expected problems, each naming its file and line, and the other
/// image is still read and planned. Each case is read by a fresh load and by an index moved from the good commit.
/// </summary>
public sealed class BadInputCorpusTests
{
    private static readonly TimeSpan ReadLimit = TimeSpan.FromSeconds(20);

    public static TheoryData<string> Cases => [.. BadInputs.All.Select(c => c.Name)];

    [Fact]
    public void The_corpus_has_a_case_for_each_kind_of_file_and_at_least_35_in_all()
    {
        Assert.True(BadInputs.All.Count >= 35, $"the corpus has {BadInputs.All.Count} cases");
        Assert.Equal(BadInputs.All.Count, BadInputs.All.Select(c => c.Name).Distinct().Count());
        foreach (var kind in new[] { "spec:", "dockerfile:", ".dockerignore:", "VERSION:", "layout:" })
        {
            Assert.Contains(BadInputs.All, c => c.Name.StartsWith(kind, StringComparison.Ordinal));
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_bad_input_is_a_clear_problem_of_its_images_and_the_rest_of_the_catalogue_goes_on(string name)
    {
        var input = BadInputs.Find(name);
        using var repository = await ImageRepository.CreateAsync();
        repository
            .WriteImage("good", "FROM python:3.12-slim\nCOPY src/ /app/\n", "name: platform/good\nkind: service\n")
            .Write("images/good/src/main.py", "print('good')\n")
            .WriteImage("bad", BadInputs.GoodDockerfile, "name: platform/bad\n")
            .Write("images/bad/src/main.py", "print('bad')\n");
        var good = await repository.CommitAsync("two good images");
        foreach (var (path, content) in input.Files)
        {
            var full = Path.Combine(repository.Repository.Path, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            await File.WriteAllBytesAsync(full, input.Latin1 ? Encoding.Latin1.GetBytes(content) : Encoding.UTF8.GetBytes(content));
        }

        var bad = await repository.CommitAsync(name);

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var moved = await repository.LoadAsync(good);
        Assert.True(moved.Catalog.Problems.Count == 0, $"expected no problems before the bad commit, saw:\n{CatalogText.Problems(moved.Catalog)}");
        await ImageRepository.MoveAsync(moved, bad);
        foreach (var index in new[] { await repository.LoadAsync(bad), moved })
        {
            AssertProblems(input, index.Catalog);
            var goodImage = index.Catalog.Find("platform/good");
            Assert.True(goodImage is not null, $"{name}: platform/good left the catalogue, which has: {string.Join(", ", index.Catalog.Images.Select(i => i.Spec.Name))}");
            var plan = BuildPlanner.Plan(index.Catalog, _ => null);
            Plans.AssertPlanned(plan, "platform/good");
            Assert.Equal(index.Catalog.Problems, plan.Problems);
        }

        Assert.True(watch.Elapsed < ReadLimit, $"{name}: reading the catalogue took {watch.Elapsed}");
    }

    private static void AssertProblems(BadInput input, ImageCatalog catalog)
    {
        var seen = catalog.Problems.ToList();
        var unmatched = new List<ExpectedProblem>();
        foreach (var expected in input.Problems)
        {
            var match = seen.FirstOrDefault(p =>
                p.File == expected.File && p.Line == expected.Line && p.Image == expected.Image && p.Message.Contains(expected.Message, StringComparison.Ordinal));
            if (match is null)
            {
                unmatched.Add(expected);
            }
            else
            {
                seen.Remove(match);
            }
        }

        Assert.True(unmatched.Count == 0 && seen.Count == 0,
            $"{input.Name}:\n  expected but not reported: {string.Join("; ", unmatched)}\n  reported but not expected: {string.Join("; ", seen.Select(p => $"{p.Image}: {p}"))}");
    }
}
