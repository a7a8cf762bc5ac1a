using System.Text.RegularExpressions;
using Platform.Catalog.Context;
using Platform.Catalog.Dockerfiles;

namespace Platform.Catalog.Tests.Engine;

/// <summary>
/// Sends a context with tricky <c>.dockerignore</c> patterns and COPY sources to the real engine (its
/// own builder, as Platform's builder uses it) and checks that each COPY copies exactly the files that
/// <see cref="BuildInputs"/> computed. Every context file holds its own path, so the copies say where they came from.
/// </summary>
[Collection(DockerEngineCollection.Name)]
public sealed partial class BuildInputsAgainstDockerEngineTests : IDisposable
{
    private const string Label = "dev.platform.test=catalog-build-inputs";

    private static readonly string[] ContextFiles =
    [
        "top.txt", "name with space.txt", "other.md", "notes.tmp",
        "a/one.txt", "a/b/two.txt", "a/b/c/three.txt", "a/b/c/keep.md",
        "logs/l.log", "logs/deep/d.log", "logs/deep/important.log", "logs/deep/also-back.log", "vendor/lib/keep.cfg",
        "src/main.c", "src/util/x.tmp", "src/util/y.keep.tmp", "src/cache/obj.o", "src/deep/cache/z.o",
        "config/app.yaml", "config/secret.env", "config/dev/app.yaml",
        "docs/r.md", "docs/keep.txt",
    ];

    private const string Ignore = """
        # leading '/', nested folders, exceptions, ** and the .dockerignore itself.
        # logs/ is entered for the exception that names it, so **/also-back.log comes back too;
        # vendor/ is never entered, so **/keep.cfg does not bring vendor/lib/keep.cfg back.
        /a/b
        !a/b/c/keep.md
        logs
        !logs/deep/important.log
        !**/also-back.log
        vendor
        !**/keep.cfg
        **/*.tmp
        !src/**/*.keep.tmp
        */cache
          config/secret*
        .dockerignore
        """;

    private static readonly string Dockerfile = string.Join('\n',
        "FROM " + DockerEngineFixture.RootImage,
        "ARG SRC=src",
        "COPY . /ctx/all/",
        "COPY *.txt nothing* /ctx/s1/",
        "COPY ${SRC} /ctx/s2/",
        "COPY [a-d]*/*.txt /ctx/s3/",
        "COPY ./logs/ /ctx/s4/",
        "COPY /config//app.yaml docs/../top.txt /ctx/s5/",
        "COPY a/b /ctx/s6/",
        "COPY [\"name with space.txt\", \"config/dev\", \"/ctx/s7/\"]",
        """RUN cd /ctx && for d in *; do find "$d" -type f | while read -r f; do echo "@@|$d|${f#$d/}|$(head -n 1 "$f")"; done; done""",
        "");

    private readonly string folder = Path.Combine(Path.GetTempPath(), "platform-catalog-tests-" + Guid.NewGuid().ToString("N"));
    private readonly string tag = "platform-catalog-tests/build-inputs:" + Guid.NewGuid().ToString("N")[..12];

    [Fact(Timeout = 300_000)]
    public async Task The_engine_copies_exactly_the_files_computed_for_each_copy()
    {
        WriteContext();
        var dockerfile = DockerfileReader.Read(Dockerfile, new Dictionary<string, string>());
        var inputs = BuildInputs.Compute([.. ContextFiles, "Dockerfile", ".dockerignore"], dockerfile, DockerIgnore.Parse(Ignore));
        Assert.Empty(dockerfile.Problems);
        Assert.Empty(inputs.Problems);

        var build = await DockerCli.RunAsync(
            ["build", "--no-cache", "--rm", "--force-rm", "--label", Label, "-t", tag, "."], TimeSpan.FromMinutes(4), folder, legacyBuilder: true);
        try
        {
            Assert.True(build.Succeeded, $"docker build failed:\n{build.Output}");
            var copied = Copied(build.Output);
            foreach (var copy in dockerfile.Copies)
            {
                var destination = copy.Destination.Split('/', StringSplitOptions.RemoveEmptyEntries)[^1];
                var expected = inputs.Sources.Where(s => s.Instruction == copy).SelectMany(s => s.Files).Distinct().Order(StringComparer.Ordinal);
                var seen = copied.GetValueOrDefault(destination, []).Order(StringComparer.Ordinal);
                Assert.True(expected.SequenceEqual(seen),
                    $"line {copy.Line} ({string.Join(' ', copy.Sources.Select(s => s.Text))}): computed [{string.Join(", ", expected)}], the engine copied [{string.Join(", ", seen)}]");
            }

            Assert.Equal(inputs.Files.Except([".dockerignore"]).Order(StringComparer.Ordinal), copied["all"].Order(StringComparer.Ordinal));
            Assert.Contains("logs/deep/also-back.log", copied["all"]);
            Assert.DoesNotContain("vendor/lib/keep.cfg", copied["all"]);
        }
        finally
        {
            await RemoveImagesAsync(build.Output);
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private void WriteContext()
    {
        foreach (var file in ContextFiles)
        {
            var path = Path.Combine(folder, file);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, $"path:{file}\n");
        }

        File.WriteAllText(Path.Combine(folder, ".dockerignore"), Ignore + "\n");
        File.WriteAllText(Path.Combine(folder, "Dockerfile"), Dockerfile);
    }

    /// <summary>The context path of every file under each /ctx folder, from the lines the RUN step printed.</summary>
    private static Dictionary<string, List<string>> Copied(string output)
    {
        var copied = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (Match line in CopiedLine().Matches(output))
        {
            var (destination, relative, firstLine) = (line.Groups[1].Value, line.Groups[2].Value, line.Groups[3].Value.TrimEnd('\r'));
            var origin = firstLine.StartsWith("path:", StringComparison.Ordinal) ? firstLine["path:".Length..] : relative;
            (copied.TryGetValue(destination, out var list) ? list : copied[destination] = []).Add(origin);
        }

        return copied;
    }

    /// <summary>Removes the tagged image, and the intermediate images a failed build leaves behind.</summary>
    private async Task RemoveImagesAsync(string buildOutput)
    {
        var intermediates = IntermediateImage().Matches(buildOutput).Select(m => m.Groups[1].Value).Reverse();
        await DockerCli.RunAsync(["image", "rm", "--force", tag], TimeSpan.FromMinutes(1));
        foreach (var id in intermediates)
        {
            await DockerCli.RunAsync(["image", "rm", id], TimeSpan.FromMinutes(1));
        }
    }

    [GeneratedRegex(@"^@@\|([^|]+)\|([^|]+)\|(.*)$", RegexOptions.Multiline)]
    private static partial Regex CopiedLine();

    [GeneratedRegex(@"^ ---> ([0-9a-f]{12})$", RegexOptions.Multiline)]
    private static partial Regex IntermediateImage();
}
