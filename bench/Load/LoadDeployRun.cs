namespace Platform.Bench.Load;

public static class LoadDeployRun
{
    public const string Name = "load-deploy";

    public static Task<LoadResult> RunAsync(TextWriter output) => throw new NotImplementedException();
}
