namespace Platform.Bench.Load;

public static class LoadCommitRun
{
    public const string Name = "load-commit";

    public static Task<LoadResult> RunAsync(TextWriter output) => throw new NotImplementedException();
}
