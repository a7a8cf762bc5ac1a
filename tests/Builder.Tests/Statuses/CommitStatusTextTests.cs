using Platform.Builder.Coordinator.Statuses;
using Platform.Contracts;

namespace Platform.Builder.Tests.Statuses;

public sealed class CommitStatusTextTests
{
    [Fact]
    public void A_build_says_its_platforms_and_how_long_it_took()
    {
        Assert.Equal("built linux/amd64, linux/arm64 in 41 s", CommitStatusText.Built(["linux/amd64", "linux/arm64"], TimeSpan.FromSeconds(41.3), false));
        Assert.Equal("built linux/amd64 in 2 min 5 s", CommitStatusText.Built(["linux/amd64"], TimeSpan.FromSeconds(125), false));
        Assert.Equal("tagged linux/amd64, pushed by an earlier attempt", CommitStatusText.Built(["linux/amd64"], TimeSpan.FromSeconds(1), true));
    }

    [Fact]
    public void A_failure_says_its_stage_platform_and_the_first_line_of_the_error_without_the_image_name()
    {
        Assert.Equal("test failed on linux/arm64: test 'smoke' exited with code 4",
            CommitStatusText.Failed("team/app", BuildFailureStage.Test, "linux/arm64", "team/app for linux/arm64: test 'smoke' exited with code 4"));
        Assert.Equal("build failed on linux/amd64: docker build failed: The command '/bin/sh -c exit 3' returned a non-zero code: 3",
            CommitStatusText.Failed("team/app", BuildFailureStage.Build, "linux/amd64", "\n  team/app for linux/amd64: docker build failed: The command '/bin/sh -c exit 3' returned a non-zero code: 3\nStep 2/2"));
        Assert.Equal("not built because its base image team/base failed",
            CommitStatusText.Failed("team/app", BuildFailureStage.Base, null, "team/app: not built because its base image team/base failed"));
        Assert.Equal("push failed: connection refused (registry r:5000)", CommitStatusText.Failed("team/app", BuildFailureStage.Push, null, "team/app: connection refused (registry r:5000)"));
        Assert.Equal("cancelled", CommitStatusText.Failed("team/app", BuildFailureStage.Cancelled, null, "team/app: the build was cancelled"));
    }

    [Fact]
    public void Catalogue_problems_name_the_first_and_count_the_others()
    {
        Assert.Equal("not built, catalogue problem: images/app/Dockerfile:2: COPY source missing.txt is not in the build context (+1 more)",
            CommitStatusText.Problems(["images/app/Dockerfile:2: COPY source missing.txt is not in the build context", "images/app/image.yaml: kind is odd"]));
    }

    [Fact]
    public void A_long_or_multi_line_text_is_cut_to_140_characters_with_an_ellipsis_and_never_in_a_surrogate_pair()
    {
        var text = CommitStatusText.Fit("line one\nline two " + new string('y', 200));
        Assert.Equal(140, text.Length);
        Assert.StartsWith("line one line two", text);
        Assert.EndsWith("…", text);

        var emoji = CommitStatusText.Fit(new string('a', 138) + "😀😀😀");
        Assert.False(char.IsHighSurrogate(emoji[^2]), "the cut left half a surrogate pair");
        Assert.True(emoji.Length <= 140);
    }

    [Fact]
    public void A_plan_says_which_wave_when_there_are_several() =>
        Assert.Equal("queued (wave 2 of 3): base team/base is rebuilt", CommitStatusText.Queued("base team/base is rebuilt", 1, 3));
}
