namespace Platform.Catalog.Dockerfiles;

/// <summary>
/// The checks Docker's parser makes of the instructions the catalogue otherwise does not read, with its
/// messages, so that a Dockerfile the engine would refuse is a problem before any build.
/// </summary>
internal static class InstructionArguments
{
    private static readonly HashSet<string> ExactlyOne = ["user", "workdir", "stopsignal", "maintainer"];

    /// <param name="expand">Substitutes the variables of the stage in a word.</param>
    public static void Check(string keyword, string text, Func<string, string> expand)
    {
        var name = keyword.ToUpperInvariant();
        var words = InstructionText.SplitOnWhitespace(text);
        if (ExactlyOne.Contains(keyword) && words.Count == 0)
        {
            throw new DockerfileSyntaxException($"{name} requires exactly one argument");
        }

        switch (keyword)
        {
            case "shell" when InstructionText.TryJsonArray(text) is not { Count: > 0 }:
                throw new DockerfileSyntaxException("SHELL requires the arguments to be in JSON form");
            case "onbuild":
                OnBuild(words);
                break;
            case "expose":
                foreach (var word in words.Select(expand).Where(w => !w.Contains('$')))
                {
                    CheckPort(word);
                }

                break;
        }
    }

    private static void OnBuild(IReadOnlyList<string> words)
    {
        var trigger = words.Count == 0 ? throw new DockerfileSyntaxException("ONBUILD requires at least one argument") : words[0].ToUpperInvariant();
        switch (trigger)
        {
            case "ONBUILD":
                throw new DockerfileSyntaxException("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
            case "FROM" or "MAINTAINER":
                throw new DockerfileSyntaxException($"{trigger} isn't allowed as an ONBUILD trigger");
        }
    }

    /// <summary><c>80</c>, <c>8000-8010</c>, <c>53/udp</c>: numbers from 0 to 65535, as the engine reads them.</summary>
    private static void CheckPort(string word)
    {
        var slash = word.IndexOf('/');
        var ports = slash < 0 ? word : word[..slash];
        var valid = ports.Split('-') is { Length: 1 or 2 } range
            && range.All(p => p.Length is > 0 and <= 5 && p.All(char.IsAsciiDigit) && int.Parse(p, System.Globalization.CultureInfo.InvariantCulture) <= 65535);
        if (!valid)
        {
            throw new DockerfileSyntaxException($"Invalid containerPort: {ports} (a port is a number from 0 to 65535, or a range like 8000-8010)");
        }
    }
}
