namespace Platform.Catalog.Dockerfiles;

/// <summary>
/// The variables a stage's instructions can use: its <c>ENV</c>s (inherited from an earlier stage it
/// starts from) and its <c>ARG</c>s. An ENV wins over an ARG of the same name, as in Docker.
/// </summary>
internal sealed class StageScope(int index, string? name, int line, IReadOnlyDictionary<string, string>? inheritedEnv)
{
    private readonly Dictionary<string, string> env = new(inheritedEnv ?? new Dictionary<string, string>(), StringComparer.Ordinal);
    private readonly Dictionary<string, string> args = new(StringComparer.Ordinal);

    public int Index { get; } = index;

    public string? Name { get; } = name;

    public int Line { get; } = line;

    public List<CopyInstruction> Copies { get; } = [];

    public IReadOnlyDictionary<string, string> Env => env;

    public string? Lookup(string variable) =>
        env.TryGetValue(variable, out var value) ? value : args.GetValueOrDefault(variable);

    public void SetEnv(string variable, string value) => env[variable] = value;

    public void SetArg(string variable, string? value)
    {
        if (value is null)
        {
            args.Remove(variable);
        }
        else
        {
            args[variable] = value;
        }
    }
}
