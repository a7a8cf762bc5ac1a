using System.Text.RegularExpressions;

namespace Platform.Catalog.Dockerfiles;

/// <summary>
/// Reads a Dockerfile into a <see cref="Dockerfile"/>: global <c>ARG</c>s with the supplied build
/// arguments, stages and their bases, and every COPY and ADD with its flags and sources. Text Docker
/// would refuse becomes a problem with its line; reading never throws for bad input.
/// </summary>
public static partial class DockerfileReader
{
    private static readonly HashSet<string> Keywords =
    [
        "add", "arg", "cmd", "copy", "entrypoint", "env", "expose", "from", "healthcheck", "label",
        "maintainer", "onbuild", "run", "shell", "stopsignal", "user", "volume", "workdir",
    ];

    /// <param name="dockerfile">The text of the Dockerfile.</param>
    /// <param name="buildArgs">Build arguments supplied to the build; they override the defaults of declared ARGs.</param>
    /// <param name="file">Path of the Dockerfile that problems name.</param>
    /// <param name="image">Folder of the image that problems belong to.</param>
    public static Dockerfile Read(string dockerfile, IReadOnlyDictionary<string, string> buildArgs, string file = "Dockerfile", string image = "")
    {
        var lines = DockerfileLines.Read(dockerfile);
        var reading = new Reading(buildArgs, lines.Escape, StageNames(lines.Instructions),
            (line, message) => new CatalogProblem(image, file, line, message));
        foreach (var instruction in lines.Instructions)
        {
            reading.Add(instruction);
        }

        if (lines.Error is { } error)
        {
            reading.Problem(error.Line, error.Message);
        }
        else if (lines.Instructions.Count == 0)
        {
            reading.Problem(null, "the file has no instructions");
        }
        else if (!lines.Instructions.Any(i => i.Keyword == "from"))
        {
            reading.Problem(null, "the file has no FROM, so it has no stage to build");
        }

        return new Dockerfile(file, lines.Syntax, lines.Escape, reading.GlobalArgs, reading.Stages, reading.Problems)
        {
            ArgNames = reading.ArgNames,
        };
    }

    /// <summary>Every stage name with the line that declares it, so that a reference to a later stage is told apart from an image.</summary>
    private static Dictionary<string, int> StageNames(IEnumerable<LogicalInstruction> instructions)
    {
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var from in instructions.Where(i => i.Keyword == "from"))
        {
            var args = InstructionText.SplitOnWhitespace(InstructionText.SplitFlags(from.Rest).Arguments);
            if (args.Count == 3 && args[1].Equals("AS", StringComparison.OrdinalIgnoreCase))
            {
                names.TryAdd(args[2].ToLowerInvariant(), from.StartLine);
            }
        }

        return names;
    }

    [GeneratedRegex(@"^[a-z][a-z0-9\-_.]*$")]
    private static partial Regex StageName();

    private sealed class Reading(
        IReadOnlyDictionary<string, string> buildArgs,
        char escape,
        IReadOnlyDictionary<string, int> stageNames,
        Func<int?, string, CatalogProblem> problem)
    {
        private readonly Dictionary<string, string> globalValues = new(StringComparer.Ordinal);
        private readonly List<StageScope> scopes = [];
        private readonly List<(string BaseText, StageBase Base, string? Platform)> bases = [];

        public List<GlobalArg> GlobalArgs { get; } = [];

        public List<string> ArgNames { get; } = [];

        public List<CatalogProblem> Problems { get; } = [];

        public List<BuildStage> Stages =>
            scopes.Select((s, i) => new BuildStage(s.Index, s.Name, bases[i].BaseText, bases[i].Base, bases[i].Platform, s.Line, s.Copies)).ToList();

        private StageScope? Current => scopes.Count > 0 ? scopes[^1] : null;

        public void Problem(int? line, string message) => Problems.Add(problem(line, message));

        public void Add(LogicalInstruction instruction)
        {
            try
            {
                Dispatch(instruction);
            }
            catch (DockerfileSyntaxException e)
            {
                Problem(instruction.StartLine, $"{instruction.Keyword.ToUpperInvariant()}: {e.Message}");
            }
        }

        private void Dispatch(LogicalInstruction instruction)
        {
            var keyword = instruction.Keyword;
            if (!Keywords.Contains(keyword))
            {
                Problem(instruction.StartLine, $"unknown instruction: {keyword.ToUpperInvariant()}");
                return;
            }

            var (flags, args) = InstructionText.SplitFlags(instruction.Rest);
            if (keyword == "from")
            {
                From(flags, args, instruction.StartLine);
            }
            else if (Current is null && keyword != "arg")
            {
                Problem(instruction.StartLine, $"{keyword.ToUpperInvariant()} comes before the first FROM, where only ARG may be");
            }
            else if (keyword == "arg")
            {
                Arg(args, instruction.StartLine);
            }
            else if (keyword == "env")
            {
                Env(args);
            }
            else if (keyword is "copy" or "add")
            {
                var kind = keyword == "copy" ? CopyKind.Copy : CopyKind.Add;
                Current!.Copies.Add(CopyReader.Read(kind, flags, args, instruction, escape, Current, scopes, stageNames));
            }
            else
            {
                InstructionArguments.Check(keyword, args, word => ShellWord.Expand(word, escape, Current!.Lookup));
            }
        }

        private void From(IReadOnlyList<string> flags, string text, int line)
        {
            string? platform = null;
            foreach (var flag in flags)
            {
                platform = flag.StartsWith("--platform=", StringComparison.Ordinal)
                    ? flag["--platform=".Length..]
                    : throw new DockerfileSyntaxException($"unknown flag {flag.Split('=')[0]} (FROM knows only --platform)");
            }

            var args = InstructionText.SplitOnWhitespace(text);
            if (args.Count != 1 && !(args.Count == 3 && args[1].Equals("AS", StringComparison.OrdinalIgnoreCase)))
            {
                throw new DockerfileSyntaxException(args.Count == 0
                    ? "FROM needs an image (FROM <image> [AS <name>])"
                    : $"FROM requires either one or three arguments (FROM <image> [AS <name>]), not '{text}'");
            }

            var name = args.Count == 3 ? args[2].ToLowerInvariant() : null;
            if (name is not null && !StageName().IsMatch(name))
            {
                throw new DockerfileSyntaxException($"invalid name for build stage: '{args[2]}', name can't start with a number or contain symbols");
            }

            if (name is not null && scopes.FirstOrDefault(s => s.Name == name) is { } duplicate)
            {
                throw new DockerfileSyntaxException($"duplicate stage name '{name}' (also at line {duplicate.Line})");
            }

            var reference = ShellWord.Expand(args[0], escape, globalValues.GetValueOrDefault);
            if (reference.Length == 0)
            {
                throw new DockerfileSyntaxException($"base name ({args[0]}) should not be blank");
            }

            var earlier = scopes.FirstOrDefault(s => s.Name is not null && s.Name.Equals(reference, StringComparison.OrdinalIgnoreCase));

            StageBase stageBase = earlier is not null ? new StageBase.Stage(earlier.Index)
                : reference.Equals("scratch", StringComparison.OrdinalIgnoreCase) ? new StageBase.Scratch()
                : new StageBase.Image(reference);
            scopes.Add(new StageScope(scopes.Count, name, line, earlier?.Env));
            bases.Add((args[0], stageBase, platform));
        }

        private void Arg(string text, int line)
        {
            var words = InstructionText.SplitWords(text, escape);
            if (words.Count == 0)
            {
                throw new DockerfileSyntaxException("ARG needs at least one name (ARG <name>[=<default>])");
            }

            foreach (var word in words)
            {
                var equals = word.IndexOf('=');
                var name = equals < 0 ? word : word[..equals];
                if (name.Length == 0)
                {
                    throw new DockerfileSyntaxException($"'{word}' has no name before '='");
                }

                if (!ArgNames.Contains(name))
                {
                    ArgNames.Add(name);
                }

                var lookup = Current is { } stage ? stage.Lookup : (Func<string, string?>)globalValues.GetValueOrDefault;
                var declared = equals < 0 ? null : ShellWord.Expand(word[(equals + 1)..], escape, lookup);
                var value = buildArgs.TryGetValue(name, out var given) ? given
                    : declared ?? (Current is null ? null : globalValues.GetValueOrDefault(name));
                if (Current is null)
                {
                    GlobalArgs.Add(new GlobalArg(name, declared, value, line));
                    if (value is null)
                    {
                        globalValues.Remove(name);
                    }
                    else
                    {
                        globalValues[name] = value;
                    }
                }
                else
                {
                    Current.SetArg(name, value);
                }
            }
        }

        private void Env(string text)
        {
            var words = InstructionText.SplitWords(text, escape);
            if (words.Count == 0)
            {
                throw new DockerfileSyntaxException("ENV needs a name and a value (ENV <name>=<value> ...)");
            }

            var pairs = new List<(string Name, string Value)>();
            if (!words[0].Contains('='))
            {
                var parts = Regex.Split(text.Trim(), @"[ \t\v\f\r]+", RegexOptions.None, TimeSpan.FromSeconds(1));
                if (parts.Length < 2)
                {
                    throw new DockerfileSyntaxException("ENV must have two arguments (ENV <name> <value>)");
                }

                pairs.Add((parts[0], text.Trim()[parts[0].Length..].Trim()));
            }
            else
            {
                foreach (var word in words)
                {
                    var equals = word.IndexOf('=');
                    pairs.Add(equals > 0 ? (word[..equals], word[(equals + 1)..])
                        : throw new DockerfileSyntaxException($"can't find = in '{word}'; it must be of the form: name=value"));
                }
            }

            // Every value of one ENV sees the variables as they were before it, as in Docker.
            var values = pairs.Select(p => (p.Name, Value: ShellWord.Expand(p.Value, escape, Current!.Lookup))).ToList();
            foreach (var (name, value) in values)
            {
                Current!.SetEnv(name, value);
            }
        }
    }
}
