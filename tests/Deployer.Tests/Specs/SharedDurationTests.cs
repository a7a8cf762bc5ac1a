using Platform.Catalog;
using Platform.Catalog.Specs;
using Platform.Deployer.Specs;

namespace Platform.Deployer.Tests.Specs;

/// <summary>
/// <c>image.yaml</c> and <c>deploy/&lt;env&gt;.yaml</c> read durations with one grammar: the same text is the same
/// time in a test's timeout, a service's health timeout and a job's timeout, and a file that is not YAML is a problem in both.
/// </summary>
public sealed class SharedDurationTests
{
    private const string File = SpecSamples.File;
    private static readonly SpecDefaults Defaults = SpecSamples.Defaults;
    private static readonly ImageCatalog Catalog = SpecSamples.Catalog;

    [Theory]
    [InlineData("1s")]
    [InlineData("90s")]
    [InlineData("1.5s")]
    [InlineData("2500ms")]
    [InlineData("5m")]
    [InlineData("1h")]
    [InlineData("59m59s")]
    [InlineData("00:01:30")]
    [InlineData("1h30m")]
    [InlineData("72h")]
    [InlineData("2d")]
    [InlineData("7d")]
    public void The_same_duration_is_the_same_time_in_an_image_spec_and_an_environment_file(string text)
    {
        var (image, imageProblems) = ImageSpecReader.Read("images/api", $"name: platform/api\ntests:\n  - run: pytest\n    timeout: {text}\n");
        var environment = EnvironmentSpecReader.Read(File, $"""
            services:
              api:
                image: dataplatform/status-api
                health:
                  timeout: {text}
            jobs:
              weather:
                image: dataplatform/etl-weather
                timeout: {text}
            """, Catalog, Defaults);

        Assert.True(imageProblems.Count == 0, string.Join("; ", imageProblems));
        var testTimeout = Assert.Single(image!.Tests).Timeout;
        Assert.Equal(testTimeout, environment.Job("weather")?.Timeout);
        if (testTimeout <= TimeSpan.FromHours(1))
        {
            Assert.Empty(environment.Problems);
            Assert.Equal(testTimeout, environment.Service("api")?.Health.Timeout);
        }
        else
        {
            // health.timeout ends at 1h: the same value is refused with the same range message.
            Assert.Equal($"{File}:5: api: health.timeout '{text}' is out of range: it must be from 1s to 1h", Assert.Single(environment.Problems).ToString());
        }
    }

    [Theory]
    [InlineData("soon", "is not a duration (for example 30s, 5m, 1h30m; ")]
    [InlineData("30", "is not a duration (for example 30s, 5m, 1h30m; ")]
    [InlineData("-5m", "is not a duration (for example 30s, 5m, 1h30m; ")]
    [InlineData("8d", "is out of range: it must be from ")]
    [InlineData("1000000000000000000h", "is out of range: it must be from ")]
    public void A_duration_refused_in_one_file_is_refused_in_the_other_with_the_same_words(string text, string words)
    {
        var (_, imageProblems) = ImageSpecReader.Read("images/api", $"name: platform/api\ntests:\n  - run: pytest\n    timeout: {text}\n");
        var environment = EnvironmentSpecReader.Read(File, $"""
            jobs:
              weather:
                image: dataplatform/etl-weather
                timeout: {text}
            """, Catalog, Defaults);

        Assert.StartsWith($"images/api/image.yaml:4: tests.timeout '{text}' {words}", Assert.Single(imageProblems).ToString(), StringComparison.Ordinal);
        Assert.StartsWith($"{File}:4: weather: timeout '{text}' {words}", Assert.Single(environment.Problems).ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("services:\n  api: [stable\njobs: {}\n", 2)]
    [InlineData("\uFEFFservices:\n\tapi: {}\n", 2)]
    public void An_environment_file_that_is_not_yaml_is_a_problem_with_its_line_as_an_image_spec_is(string yaml, int line)
    {
        var spec = EnvironmentSpecReader.Read(File, yaml, Catalog, Defaults);

        var problem = Assert.Single(spec.Problems);
        Assert.StartsWith($"{File}:{line}: not valid YAML: ", problem.ToString(), StringComparison.Ordinal);
        Assert.Empty(spec.Services);
    }
}
