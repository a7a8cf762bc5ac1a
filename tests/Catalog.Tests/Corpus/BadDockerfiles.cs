namespace Platform.Catalog.Tests.Corpus;

public static partial class BadInputs
{
    private static IEnumerable<BadInput> Dockerfiles()
    {
        const string From = "FROM python:3.12-slim\n";
        yield return One("dockerfile: empty", Dockerfile, "", null, "the file has no instructions");
        yield return One("dockerfile: only ARGs", Dockerfile, "ARG PYTHON=3.12\nARG TARGET=prod\n", null, "the file has no FROM");
        yield return Many("dockerfile: no FROM",
            new Dictionary<string, string> { [Dockerfile] = "LABEL team=data\n" },
            new ExpectedProblem(Dockerfile, 1, "LABEL comes before the first FROM"),
            new ExpectedProblem(Dockerfile, null, "the file has no FROM"));
        yield return One("dockerfile: a reference with two tags", Dockerfile, "FROM python:3.12:slim\nCOPY src/ /app/\n", 1, "FROM python:3.12:slim: invalid reference format");
        yield return One("dockerfile: a reference in capitals", Dockerfile, "FROM Python:3.12\nCOPY src/ /app/\n", 1, "repository name must be lowercase");
        yield return One("dockerfile: a reference made bad by a build argument", Dockerfile, "ARG TAG=3.12:slim\nFROM python:${TAG}\nCOPY src/ /app/\n", 2,
            "FROM python:3.12:slim: invalid reference format");
        yield return One("dockerfile: a digest too short", Dockerfile, "FROM python@sha256:abc\nCOPY src/ /app/\n", 1, "invalid reference format");
        yield return One("dockerfile: a COPY --from image that is no reference", Dockerfile, From + "COPY --from=Tools:1:2 /bin/x /bin/\n", 2, "COPY --from Tools:1:2: invalid reference format");
        yield return One("dockerfile: a COPY from a stage that does not exist", Dockerfile, From + "COPY --from=2 /a /b\n", 2, "invalid stage index 2");
        yield return One("dockerfile: a stage name used twice", Dockerfile, "FROM python:3.12-slim AS app\nCOPY src/ /app/\nFROM alpine:3.20 AS app\n", 3, "duplicate stage name 'app'");
        yield return One("dockerfile: a COPY source escaping the context", Dockerfile, From + "COPY ./../../secrets /app/\n", 2, "'./../../secrets' is outside the build context");
        yield return One("dockerfile: an absolute COPY source", Dockerfile, From + "COPY /etc/passwd /app/\n", 2, "'/etc/passwd' is not in the build context");
        yield return One("dockerfile: an unterminated heredoc", Dockerfile, From + "COPY <<EOF /app/config\nkey=value\n", 2, "unterminated heredoc <<EOF");
        yield return One("dockerfile: an unterminated quote", Dockerfile, From + "COPY \"src /app/\n", 2, "matching double-quote");
        yield return One("dockerfile: a continuation at the end of the file", Dockerfile, From + "COPY src/ \\", 2, "COPY requires at least two arguments");
        yield return One("dockerfile: a huge line before a mistake", Dockerfile,
            From + "RUN echo " + new string('x', 1_000_000) + "\nCOPY src/ /app/\nRUNN pip install flask\n", 4, "unknown instruction: RUNN");
        yield return Many("dockerfile: binary garbage",
            new Dictionary<string, string> { [Dockerfile] = "\u00ff\u00fe\u0001\u0089PNG\u00c3\u0028 garbage\n" },
            new ExpectedProblem(Dockerfile, 1, "unknown instruction"),
            new ExpectedProblem(Dockerfile, null, "the file has no FROM")) with { Latin1 = true };
        yield return One("dockerfile: an unknown COPY flag", Dockerfile, From + "COPY --bogus=1 src/ /app/\n", 2, "unknown flag --bogus for COPY");
        yield return One("dockerfile: USER without a user", Dockerfile, From + "COPY src/ /app/\nUSER\n", 3, "USER requires exactly one argument");
        yield return One("dockerfile: SHELL not in JSON", Dockerfile, From + "COPY src/ /app/\nSHELL bash -c\n", 3, "SHELL requires the arguments to be in JSON form");
        yield return One("dockerfile: ONBUILD FROM", Dockerfile, From + "COPY src/ /app/\nONBUILD FROM alpine\n", 3, "FROM isn't allowed as an ONBUILD trigger");
        yield return One("dockerfile: a port out of range", Dockerfile, From + "COPY src/ /app/\nEXPOSE 8080 70000/tcp\n", 3, "Invalid containerPort: 70000");
        yield return One("dockerfile: a bad escape directive", Dockerfile, "# escape=x\n" + From + "COPY src/ /app/\n", 1, "invalid escape token 'x'");
        yield return One("dockerfile: an ENV with an open quote", Dockerfile, From + "COPY src/ /app/\nENV GREETING=\"hello\n", 3, "matching double-quote");
        yield return One("dockerfile: a COPY pattern with an open class", Dockerfile, From + "COPY src/[ab /app/\n", 2,
            "COPY source 'src/[ab' is not a valid pattern: syntax error in pattern (a '[' class is not closed by ']')");
        yield return One("dockerfile: a COPY --exclude with a range written backwards", Dockerfile, From + "COPY --exclude=[z-a].pyc src/ /app/\n", 2,
            "COPY --exclude='[z-a].pyc': syntax error in pattern (invalid character class range: `z-a`)");
    }
}
