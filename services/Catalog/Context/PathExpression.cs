namespace Platform.Catalog.Context;

/// <summary>
/// The regular expression moby/patternmatcher makes of a <c>.dockerignore</c> line, read with the syntax of
/// Go's <c>regexp</c> (RE2 with Perl flags: classes with ranges, <c>[:alpha:]</c>, <c>\d</c>, <c>^</c> and
/// <c>$</c> for the ends of the text) and matched by running its automaton over the path's code points, so a
/// match takes time linear in the path whatever the pattern (no backtracking). Constructs patternmatcher
/// never produces from a valid line (flags, <c>\p</c> classes, <c>\b</c>, <c>\Q</c>) are refused.
/// </summary>
internal sealed class PathExpression
{
    private readonly Instruction[] program;

    private PathExpression(Instruction[] program) => this.program = program;

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
    public bool IsMatch(string text)
    {
        var runes = GoGlob.CodePoints(text);
        var seen = new int[program.Length];
        var current = new List<int>();
        var next = new List<int>();
        AddThread(0, 0, runes.Length, current, seen, 1);
        for (var position = 0; ; position++)
        {
            if (current.Any(pc => program[pc].Op == Op.Match))
            {
                return true;
            }

            if (position == runes.Length)
            {
                return false;
            }

            next.Clear();
            foreach (var pc in current.Where(pc => program[pc].Op == Op.Set && program[pc].Set!.Contains(runes[position])))
            {
                AddThread(pc + 1, position + 1, runes.Length, next, seen, position + 2);
            }

            // An unanchored search, as MatchString: a match may also start here (a leading '^' stops it past 0).
            AddThread(0, position + 1, runes.Length, next, seen, position + 2);
            (current, next) = (next, current);
        }
    }

    /// <summary>Follows the empty steps from <paramref name="pc"/> and keeps the instructions that read a character or match.</summary>
    private void AddThread(int pc, int position, int length, List<int> threads, int[] seen, int generation)
    {
        var stack = new Stack<int>();
        stack.Push(pc);
        while (stack.Count > 0)
        {
            var at = stack.Pop();
            if (seen[at] == generation)
            {
                continue;
            }

            seen[at] = generation;
            var instruction = program[at];
            switch (instruction.Op)
            {
                case Op.Jump:
                    stack.Push(instruction.Target);
                    break;
                case Op.Split:
                    stack.Push(instruction.Alternative);
                    stack.Push(instruction.Target);
                    break;
                case Op.BeginText:
                    if (position == 0)
                    {
                        stack.Push(at + 1);
                    }

                    break;
                case Op.EndText:
                    if (position == length)
                    {
                        stack.Push(at + 1);
                    }

                    break;
                default:
                    threads.Add(at);
                    break;
            }
        }
    }

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

    private enum Op
    {
        Set,
        Split,
        Jump,
        BeginText,
        EndText,
        Match,
    }

    private sealed record Instruction(Op Op)
    {
        public CharacterSet? Set { get; init; }

        public int Target { get; init; }

        public int Alternative { get; init; }
    }
}
