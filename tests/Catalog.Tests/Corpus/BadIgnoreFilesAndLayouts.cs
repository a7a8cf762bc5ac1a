namespace Platform.Catalog.Tests.Corpus;

public static partial class BadInputs
{
    private static IEnumerable<BadInput> IgnoreFiles()
    {
        const string Reason = "syntax error in pattern (";
        yield return One(".dockerignore: a range written backwards", Ignore, "**/*.pyc\n[z-a]\n", 2, $"'[z-a]': {Reason}invalid character class range: `z-a`)");
        yield return One(".dockerignore: an exception with a range written backwards", Ignore, "*.md\n!docs/[z-a]*.md\n", 2, $"{Reason}invalid character class range");
        yield return One(".dockerignore: an open class", Ignore, "[\n", 1, $"'[': {Reason}a '[' class is not closed by ']')");
        yield return One(".dockerignore: a trailing backslash", Ignore, "build\\\n", 1, $"{Reason}a '\\' at the end of the pattern escapes nothing)");
        yield return One(".dockerignore: a lone '!'", Ignore, "tmp\n!\n", 2, "illegal exclusion pattern: \"!\"");
        yield return One(".dockerignore: an escape Go's regexp refuses", Ignore, "logs/a\\q*\n", 1, $"{Reason}invalid escape sequence: `\\q`)");
        yield return One(".dockerignore: an unknown POSIX class", Ignore, "x[[:letters:]]\n", 1, $"{Reason}invalid character class range: `[:letters:]`)");
        yield return One(".dockerignore: CRLF lines and a byte order mark", Ignore, "\uFEFF**/*.pyc\r\n[z-a]\r\n", 2, "'[z-a]': syntax error in pattern");
        yield return One(".dockerignore: excludes what the Dockerfile copies", Ignore, "# nothing of the sources\nsrc\n", null, "")
            with { Problems = [new ExpectedProblem(Dockerfile, 2, "'src/' is not in the build context (no such file or folder, or .dockerignore excludes it)")] };
    }

    private static IEnumerable<BadInput> VersionsAndLayouts()
    {
        const string Tag = "is not a valid tag";
        yield return One("VERSION: a space in the tag", Version, "1.0 beta\n", 1, $"'1.0 beta' {Tag}");
        yield return One("VERSION: two lines", Version, "1.0.0\n1.1.0\n", 1, $"{Tag} (it must be one line)");
        yield return One("VERSION: longer than a tag may be", Version, new string('1', 200), 1, $"{Tag}");
        yield return Many("layout: two images start from each other",
            new Dictionary<string, string>
            {
                [Dockerfile] = "FROM platform/loop\nCOPY src/ /app/\n",
                ["images/loop/Dockerfile"] = "FROM platform/bad\n",
                ["images/loop/image.yaml"] = "name: platform/loop\n",
            },
            new ExpectedProblem(Dockerfile, 1, "the images depend on each other in a cycle: platform/bad -> platform/loop -> platform/bad"),
            new ExpectedProblem("images/loop/Dockerfile", 1, "in a cycle: platform/bad -> platform/loop -> platform/bad", "images/loop"));
        yield return Many("layout: two folders with one image name",
            new Dictionary<string, string> { ["images/copy/Dockerfile"] = "FROM python:3.12-slim\n", ["images/copy/image.yaml"] = "kind: base\nname: platform/bad\n" },
            new ExpectedProblem(Spec, 1, "the image name 'platform/bad' is used by more than one image: images/bad/image.yaml:1, images/copy/image.yaml:2"),
            new ExpectedProblem("images/copy/image.yaml", 2, "the image name 'platform/bad' is used by more than one image", "images/copy"));
        yield return Many("layout: an image starts from one that cannot be built",
            new Dictionary<string, string>
            {
                [Dockerfile] = "FROM python:3.12-slim\nCOPY missing/ /app/\n",
                ["images/child/Dockerfile"] = "FROM platform/bad:latest\n",
            },
            new ExpectedProblem(Dockerfile, 2, "'missing/' is not in the build context"),
            new ExpectedProblem("images/child/Dockerfile", 1, "its base image platform/bad cannot be built (see its problem)", "images/child"));
        yield return One("layout: a spec that names a Dockerfile that is not there", Spec, "name: platform/bad\ndockerfile: docker/Dockerfile.prod\n",
            null, "") with
        {
            Problems = [new ExpectedProblem(Folder + "/docker/Dockerfile.prod", null, "the image folder images/bad/ has no docker/Dockerfile.prod, so it cannot be built")],
        };
        yield return One("layout: a context shared by images that leaves the repository", Spec, "name: platform/bad\ncontext: ../../..\n", 2, "context '../../..' leaves the repository");
    }
}
