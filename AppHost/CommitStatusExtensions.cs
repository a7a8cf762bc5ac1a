using Microsoft.Extensions.Configuration;

namespace Platform.AppHost;

public static class CommitStatusExtensions
{
    public const string Section = "Platform:CommitStatuses";
    public const string TokenParameter = "commit-status-token";

    /// <summary>
    /// The builder's commit statuses, when <c>Platform:CommitStatuses:Provider</c> names one (off by default, and then
    /// nothing of it is in the model): the provider, API base and repository as settings, the token as the secret
    /// parameter <c>commit-status-token</c> (user secrets <c>Parameters:commit-status-token</c>), and
    /// <c>Platform:BuilderPublicUrl</c> as the base of the statuses' links to build logs.
    /// </summary>
    public static IResourceBuilder<T> WithCommitStatuses<T>(this IResourceBuilder<T> builder, IConfiguration configuration)
        where T : IResourceWithEnvironment
    {
        var section = configuration.GetSection(Section);
        if (section["Provider"] is not { Length: > 0 } provider || provider.Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            return builder;
        }

        var token = builder.ApplicationBuilder.AddParameter(TokenParameter, secret: true);
        builder.WithEnvironment("CommitStatuses__Provider", provider).WithEnvironment("CommitStatuses__Token", token);
        foreach (var key in new[] { "ApiUrl", "Repository" })
        {
            if (section[key] is { Length: > 0 } value)
            {
                builder.WithEnvironment($"CommitStatuses__{key}", value);
            }
        }

        if (configuration["Platform:BuilderPublicUrl"] is { Length: > 0 } publicUrl)
        {
            builder.WithEnvironment("Builder__PublicUrl", publicUrl);
        }

        return builder;
    }
}
