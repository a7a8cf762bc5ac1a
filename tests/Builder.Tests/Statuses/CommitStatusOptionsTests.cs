using Platform.Builder.Coordinator.Statuses;

namespace Platform.Builder.Tests.Statuses;

public sealed class CommitStatusOptionsTests
{
    private static readonly CommitStatusOptionsValidator Validator = new();

    [Fact]
    public void No_provider_and_nothing_else_set_is_off_and_valid()
    {
        var options = new CommitStatusOptions();
        Assert.False(options.Enabled);
        Assert.True(Validator.Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData("bitbucket", "", "", "", "CommitStatuses:Provider is 'bitbucket'")]
    [InlineData("", "", "s3cr3tValue", "", "CommitStatuses:Token is set but CommitStatuses:Provider is not")]
    [InlineData("github", "", "", "data-team/images", "CommitStatuses:Token is required for GitHub")]
    [InlineData("github", "", "s3cr3tValue", "images", "CommitStatuses:Repository is 'images'; give it as owner/name")]
    [InlineData("gitea", "", "s3cr3tValue", "data-team/images", "CommitStatuses:ApiUrl is required for Gitea")]
    [InlineData("gitlab", "http://gitlab.example.com/api/v4", "s3cr3tValue", "42", "plain http")]
    [InlineData("gitlab", "https://user:pw@gitlab.example.com/api/v4", "s3cr3tValue", "42", "without credentials")]
    [InlineData("gitlab", "", "s3cr3tValue", "group//project", "CommitStatuses:Repository is 'group//project'; give the GitLab project id")]
    [InlineData("github", "", "s3cr3tValue\n", "data-team/images", "CommitStatuses:Token has white space")]
    public void A_wrong_setting_fails_at_start_naming_its_key(string provider, string apiUrl, string token, string repository, string expected)
    {
        var result = Validator.Validate(null, new CommitStatusOptions { Provider = provider, ApiUrl = apiUrl, Token = token, Repository = repository });

        Assert.True(result.Failed, $"expected '{expected}', the settings were accepted");
        Assert.Contains(expected, result.FailureMessage);
        Assert.DoesNotContain("s3cr3tValue", result.FailureMessage.Replace("Token", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("github", "", "data-team/images", "https://api.github.com/")]
    [InlineData("GitHub", "https://github.example.com/api/v3/", "data-team/images", "https://github.example.com/api/v3/")]
    [InlineData("gitlab", "", "data-team/platform/images", "https://gitlab.com/api/v4/")]
    [InlineData("gitlab", "https://gitlab.example.com/api/v4", "1234", "https://gitlab.example.com/api/v4/")]
    [InlineData("forgejo", "http://127.0.0.1:3000/api/v1", "data-team/images", "http://127.0.0.1:3000/api/v1/")]
    public void Good_settings_pass_and_the_api_base_has_the_providers_default(string provider, string apiUrl, string repository, string expectedBase)
    {
        var options = new CommitStatusOptions { Provider = provider, ApiUrl = apiUrl, Token = "secret-token", Repository = repository };

        var result = Validator.Validate(null, options);

        Assert.True(result.Succeeded, result.FailureMessage);
        Assert.Equal(expectedBase, options.BaseUri.AbsoluteUri);
    }
}
