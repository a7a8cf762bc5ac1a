using Platform.Builder.Workers.Building;

namespace Platform.PlatformImages;

/// <summary>One image to publish: its repository and, per platform, the local image the engine pushes.</summary>
public sealed record ImageToPublish(string Repository, IReadOnlyList<(TargetPlatform Platform, string LocalImage)> Platforms);

/// <summary>
/// The command line of the publisher:
/// <c>--registry HOST:PORT --tag TAG --revision COMMIT --output FILE (--image REPOSITORY PLATFORM=LOCAL-IMAGE...)...</c>.
/// </summary>
public sealed record PublishRequest(string Registry, string Tag, string Revision, string Output, IReadOnlyList<ImageToPublish> Images)
{
    public const string Usage =
        "usage: Platform.PlatformImages --registry HOST:PORT --tag TAG --revision COMMIT --output FILE " +
        "--image REPOSITORY linux/amd64=LOCAL-IMAGE [linux/arm64=LOCAL-IMAGE] [--image ...]";

    public static PublishRequest Parse(IReadOnlyList<string> args)
    {
        string? registry = null, tag = null, revision = null, output = null;
        var images = new List<ImageToPublish>();
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--registry": registry = Value(args, ref i); break;
                case "--tag": tag = Value(args, ref i); break;
                case "--revision": revision = Value(args, ref i); break;
                case "--output": output = Value(args, ref i); break;
                case "--image":
                    var repository = Value(args, ref i);
                    var platforms = new List<(TargetPlatform, string)>();
                    while (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
                    {
                        var pair = args[++i].Split('=', 2);
                        if (pair.Length != 2 || pair[1].Length == 0)
                        {
                            throw new ArgumentException($"'{args[i]}' is not PLATFORM=LOCAL-IMAGE, for example linux/arm64=127.0.0.1:5000/platform-staging/platform/builder:latest-linux-arm64");
                        }

                        platforms.Add((TargetPlatform.Parse(pair[0]), pair[1]));
                    }

                    images.Add(platforms.Count > 0 ? new ImageToPublish(repository, platforms) : throw new ArgumentException($"--image {repository} names no platform"));
                    break;
                default: throw new ArgumentException($"unknown argument '{args[i]}'");
            }
        }

        return new PublishRequest(
            registry ?? throw new ArgumentException("--registry is missing"),
            tag ?? throw new ArgumentException("--tag is missing"),
            revision ?? throw new ArgumentException("--revision is missing"),
            output ?? throw new ArgumentException("--output is missing"),
            images.Count > 0 ? images : throw new ArgumentException("no --image given"));
    }

    private static string Value(IReadOnlyList<string> args, ref int i) =>
        ++i < args.Count && !args[i].StartsWith("--", StringComparison.Ordinal) ? args[i] : throw new ArgumentException($"{args[i - 1]} needs a value");
}
