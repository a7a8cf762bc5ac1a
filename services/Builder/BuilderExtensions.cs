using Microsoft.Extensions.Options;
using Platform.Builder.History;
using Platform.Builder.Leases;
using Platform.Builder.Logs;

namespace Platform.Builder;

public static class BuilderExtensions
{
    /// <summary>
    /// What every builder instance keeps, coordinator or not: its settings (checked at start) and its state in the data
    /// folder (the store, the build history, the leases of build keys, the build logs).
    /// </summary>
    public static IHostApplicationBuilder AddBuilderState(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<BuilderOptions>()
            .BindConfiguration(BuilderOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<BuilderStore>();
        builder.Services.AddSingleton<BuildHistory>();
        builder.Services.AddSingleton<BuildLeases>();
        builder.Services.AddSingleton<BuildLedger>();
        builder.Services.AddSingleton<BuildLogStore>();
        return builder;
    }

    /// <summary>
    /// The builder's settings bound and checked as they are at start, for a choice made while the services are registered
    /// (which role this instance has): a value that is not a boolean, or a setting out of range, stops the start with its key.
    /// </summary>
    public static BuilderOptions ReadBuilderOptions(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(BuilderOptions.Section).Get<BuilderOptions>() ?? new BuilderOptions();
        var result = new DataAnnotationValidateOptions<BuilderOptions>(Options.DefaultName).Validate(Options.DefaultName, options);
        return result.Failed ? throw new OptionsValidationException(Options.DefaultName, typeof(BuilderOptions), result.Failures) : options;
    }
}
