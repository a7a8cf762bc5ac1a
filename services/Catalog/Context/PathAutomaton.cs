using System.Collections.Concurrent;
using static Platform.Catalog.Context.PathExpression;

namespace Platform.Catalog.Context;

/// <summary>
/// Runs a compiled <see cref="PathExpression"/> as RE2 does: the set of places the program can be at after
/// each character, with the sets met so far kept as states of a deterministic automaton built on the fly.
/// Each character costs one lookup once its state is known (at most the program's length otherwise), so a
/// match is linear in the text; the cache stops growing at <see cref="MaxStates"/> states. Thread-safe.
/// </summary>
internal sealed class PathAutomaton
{
    private const int MaxStates = 4096;

    private readonly Instruction[] program;
    private readonly ConcurrentDictionary<string, State> states = new(StringComparer.Ordinal);
    private readonly State start;

    public PathAutomaton(Instruction[] program)
    {
        this.program = program;
        start = Closure([0], atBegin: true, atEnd: false);
    }

    public bool IsMatch(int[] text)
    {
        var state = start;
        foreach (var character in text)
        {
            if (state.Matched)
            {
                return true;
            }

            state = Step(state, character);
        }

        if (state.Matched)
        {
            return true;
        }

        // '$' holds only here: follow the threads that wait at one ('^' too, for an empty text).
        var ends = state.Threads.Where(pc => program[pc].Op == Op.EndText).Select(pc => pc + 1);
        return Closure(ends, atBegin: text.Length == 0, atEnd: true).Matched;
    }

    private State Step(State state, int character)
    {
        if (state.Next.TryGetValue(character, out var known))
        {
            return known;
        }

        var moved = state.Threads
            .Where(pc => program[pc].Op == Op.Set && program[pc].Set!.Contains(character))
            .Select(pc => pc + 1)
            // An unanchored search, as MatchString: a match may also start at any later place ('^' stops it).
            .Append(0);
        var next = Closure(moved, atBegin: false, atEnd: false);
        if (states.Count < MaxStates)
        {
            next = states.GetOrAdd(next.Key, next);
            state.Next.TryAdd(character, next);
        }

        return next;
    }

    /// <summary>Follows the empty steps from <paramref name="starts"/>; keeps what reads a character or waits for the end.</summary>
    private State Closure(IEnumerable<int> starts, bool atBegin, bool atEnd)
    {
        var seen = new bool[program.Length];
        var threads = new SortedSet<int>();
        var matched = false;
        var stack = new Stack<int>(starts.Reverse());
        while (stack.Count > 0 && !matched)
        {
            var pc = stack.Pop();
            if (seen[pc])
            {
                continue;
            }

            seen[pc] = true;
            var instruction = program[pc];
            switch (instruction.Op)
            {
                case Op.Match:
                    matched = true;
                    break;
                case Op.Jump:
                    stack.Push(instruction.Target);
                    break;
                case Op.Split:
                    stack.Push(instruction.Alternative);
                    stack.Push(instruction.Target);
                    break;
                case Op.BeginText when atBegin:
                case Op.EndText when atEnd:
                    stack.Push(pc + 1);
                    break;
                case Op.BeginText:
                    break;
                default:
                    threads.Add(pc);
                    break;
            }
        }

        return new State([.. threads], matched);
    }

    private sealed class State(int[] threads, bool matched)
    {
        public int[] Threads { get; } = threads;

        /// <summary>True when the program reached its end: the text matches, whatever follows.</summary>
        public bool Matched { get; } = matched;

        public string Key { get; } = (matched ? "m" : "") + string.Join(',', threads);

        public ConcurrentDictionary<int, State> Next { get; } = new();
    }
}
