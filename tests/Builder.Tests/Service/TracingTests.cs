using System.Collections.Concurrent;
using System.Diagnostics;
using Platform.Testing;

namespace Platform.Builder.Tests.Service;

/// <summary>The spans a build makes, as the dashboard shows them: named for what they do, in the commit's trace.</summary>
[Collection(BuilderServiceCollection.Name)]
public sealed class TracingTests(BuilderInfrastructure infrastructure)
{
    [Fact]
    public async Task A_build_is_a_span_named_build_and_the_image_in_the_trace_of_its_commit()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Platform.Builder" || source.Name == "MassTransit",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var scenario = await BuilderScenario.CreateAsync(infrastructure);
        scenario.WriteImage("traced", "ARG ROOT_IMAGE\nFROM ${ROOT_IMAGE}\nCOPY hello.txt /\n", ("hello.txt", "hello\n"));
        var commit = await scenario.Repository.CommitAllAsync("a traced build");
        await scenario.StartBuilderAsync();
        await scenario.WaitForPushAsync(scenario.Image("traced"), commit);

        var build = await Eventually.WaitAsync(
            _ => Task.FromResult(spans.FirstOrDefault(s => s.DisplayName == $"build {scenario.Image("traced")}")),
            s => s is not null, BuilderScenario.StepTimeout,
            $"a span named build {scenario.Image("traced")}; spans seen: {string.Join(", ", spans.Select(s => s.DisplayName).Distinct())}");
        var cycle = spans.First(s => s.DisplayName == $"commit {commit[..7]}");
        Assert.Equal(cycle.TraceId, build!.TraceId);
        Assert.Equal(commit, build.GetTagItem("vcs.commit"));
    }
}
