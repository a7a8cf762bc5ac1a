namespace Platform.Builder.Logs;

/// <summary>
/// The log of one image's build: every line goes to the service log (prefixed with image and platform,
/// so the dashboard shows "Step 3/7" per platform) and to a file kept with the build history.
/// </summary>
public sealed class BuildLogWriter : IDisposable
{
    private readonly StreamWriter file;
    private readonly ILogger logger;
    private readonly string image;

    public BuildLogWriter(string path, string image, ILogger logger)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        Path = path;
        this.image = image;
        this.logger = logger;
        // An attempt's log is opened when the attempt starts and again by its build: each adds to it.
        file = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read)) { AutoFlush = true };
    }

    public string Path { get; }

    /// <summary>A line of the whole build (no platform), or of one platform's build.</summary>
    public void Write(string? platform, string line)
    {
        lock (file)
        {
            file.WriteLine(platform is null ? line : $"[{platform}] {line}");
        }

        logger.LogInformation("{Image} {Platform}| {Line}", image, platform is null ? "" : $"[{platform}] ", line);
    }

    public void Dispose()
    {
        lock (file)
        {
            file.Dispose();
        }
    }
}
