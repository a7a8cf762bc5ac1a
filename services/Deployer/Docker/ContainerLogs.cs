using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Platform.Deployer.Docker;

/// <summary>The last lines a container wrote, stdout and stderr interleaved in the order the engine kept them.</summary>
public static class ContainerLogs
{
    public static async Task<IReadOnlyList<string>> TailAsync(IDockerClient docker, string containerId, int lines, CancellationToken cancellationToken)
    {
        try
        {
            using var stream = await docker.Containers.GetContainerLogsAsync(containerId, false,
                new ContainerLogsParameters { ShowStdout = true, ShowStderr = true, Tail = lines.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                cancellationToken);
            var result = new List<string>();
            var pending = new Dictionary<MultiplexedStream.TargetStream, StringBuilder>();
            var buffer = new byte[8192];
            while (true)
            {
                // One frame per read, in the engine's order: reading each stream to its end would put all of stdout first.
                var read = await stream.ReadOutputAsync(buffer, 0, buffer.Length, cancellationToken);
                if (read.EOF)
                {
                    break;
                }

                var text = pending.TryGetValue(read.Target, out var partial) ? partial : pending[read.Target] = new StringBuilder();
                text.Append(Encoding.UTF8.GetString(buffer, 0, read.Count));
                var all = text.ToString();
                var end = all.LastIndexOf('\n');
                if (end >= 0)
                {
                    result.AddRange(Lines(all[..end]));
                    text.Clear().Append(all[(end + 1)..]);
                }
            }

            result.AddRange(pending.Values.SelectMany(p => Lines(p.ToString())));
            return result.Count > lines ? result[^lines..] : result;
        }
        catch (DockerApiException)
        {
            return [];
        }
    }

    private static IEnumerable<string> Lines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
