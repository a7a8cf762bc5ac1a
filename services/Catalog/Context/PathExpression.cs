namespace Platform.Catalog.Context;

/// <summary>
/// The regular expression moby/patternmatcher makes of a <c>.dockerignore</c> line, read with the syntax of
/// Go's <c>regexp</c> (RE2 with Perl flags: classes with ranges, <c>[:alpha:]</c>, <c>\d</c>, <c>^</c> and
/// <c>$</c> for the ends of the text) and matched by running its automaton over the path's code points, so a
/// match takes time linear in the path whatever the pattern (no backtracking; see <see cref="PathAutomaton"/>). Constructs patternmatcher
/// never produces from a valid line (flags, <c>\p</c> classes, <c>\b</c>, <c>\Q</c>) are refused.
/// </summary>
internal sealed class PathExpression
{
    private readonly PathAutomaton automaton;

    private PathExpression(Instruction[] program) => automaton = new PathAutomaton(program);

    /// <summary>Compiles Go regular expression syntax; throws <see cref="FormatException"/> with Go's reason when Go would refuse it.</summary>
    public static PathExpression Compile(string source)
    {
        var parser = new GoRegexParser(GoGlob.CodePoints(source));
        var node = parser.Parse();
        var program = new List<Instruction>();
        Emit(node, program);
        program.Add(new Instruction(Op.Match));
        return new PathExpression([.. program]);
    }

    /// <summary>True when the expression matches somewhere in <paramref name="text"/> (Go's <c>MatchString</c>).</summary>
    public bool IsMatch(string text) => automaton.IsMatch(GoGlob.CodePoints(text));

    private static void Emit(RegexNode node, List<Instruction> program)
    {
        switch (node)
        {
            case RegexNode.Characters characters:
                program.Add(new Instruction(Op.Set) { Set = characters.Set });
                break;
            case RegexNode.Anchor anchor:
                program.Add(new Instruction(anchor.AtBegin ? Op.BeginText : Op.EndText));
                break;
            case RegexNode.Sequence sequence:
                foreach (var item in sequence.Items)
                {
                    Emit(item, program);
                }

                break;
            case RegexNode.Alternation alternation:
                var jumps = new List<int>();
                for (var i = 0; i < alternation.Branches.Count; i++)
                {
                    var split = program.Count;
                    if (i < alternation.Branches.Count - 1)
                    {
                        program.Add(new Instruction(Op.Split) { Target = split + 1 });
                    }

                    Emit(alternation.Branches[i], program);
                    if (i < alternation.Branches.Count - 1)
                    {
                        jumps.Add(program.Count);
                        program.Add(new Instruction(Op.Jump));
                        program[split] = program[split] with { Alternative = program.Count };
                    }
                }

                jumps.ForEach(j => program[j] = program[j] with { Target = program.Count });
                break;
            case RegexNode.Repeat repeat:
                EmitRepeat(repeat, program);
                break;
        }
    }

    private static void EmitRepeat(RegexNode.Repeat repeat, List<Instruction> program)
    {
        var start = program.Count;
        if (repeat.Operator == '+')
        {
            Emit(repeat.Item, program);
            program.Add(new Instruction(Op.Split) { Target = start, Alternative = program.Count + 1 });
            return;
        }

        program.Add(new Instruction(Op.Split) { Target = start + 1 });
        Emit(repeat.Item, program);
        if (repeat.Operator == '*')
        {
            program.Add(new Instruction(Op.Jump) { Target = start });
        }

        program[start] = program[start] with { Alternative = program.Count };
    }

    internal enum Op
    {
        Set,
        Split,
        Jump,
        BeginText,
        EndText,
        Match,
    }

    internal sealed record Instruction(Op Op)
    {
        public CharacterSet? Set { get; init; }

        public int Target { get; init; }

        public int Alternative { get; init; }
    }
}
