namespace Platform.Builder.Workers.Building;

/// <summary>A platform to build for, split as the engine reports an image's platform.</summary>
public sealed record TargetPlatform(string Os, string Architecture, string? Variant)
{
    public override string ToString() => Variant is null ? $"{Os}/{Architecture}" : $"{Os}/{Architecture}/{Variant}";

    /// <summary>A name safe in a tag: linux-arm-v7.</summary>
    public string TagSuffix => ToString().Replace('/', '-');

    /// <summary>linux/arm64/v8 is how some tools write linux/arm64; the engine reports it without the variant.</summary>
    public static TargetPlatform Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length is < 2 or > 3 || parts.Any(p => p.Length == 0))
        {
            throw new FormatException($"'{text}' is not a platform: write os/architecture[/variant], for example linux/arm64");
        }

        var variant = parts.Length == 3 ? parts[2] : null;
        return parts[1] == "arm64" && variant == "v8" ? new TargetPlatform(parts[0], "arm64", null) : new TargetPlatform(parts[0], parts[1], variant);
    }

    /// <summary>The build arguments BuildKit sets for every build, which the legacy builder does not.</summary>
    public IReadOnlyDictionary<string, string> AutomaticArgs(TargetPlatform host) => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["TARGETPLATFORM"] = ToString(),
        ["TARGETOS"] = Os,
        ["TARGETARCH"] = Architecture,
        ["TARGETVARIANT"] = Variant ?? "",
        ["BUILDPLATFORM"] = host.ToString(),
        ["BUILDOS"] = host.Os,
        ["BUILDARCH"] = host.Architecture,
        ["BUILDVARIANT"] = host.Variant ?? "",
    };

    /// <summary>True when the engine's report of an image (os, architecture, variant) is this platform.</summary>
    public bool Matches(string? os, string? architecture, string? variant) =>
        os == Os && architecture == Architecture && (Variant is null || variant == Variant);

    public static TargetPlatform Host { get; } = new("linux", System.Runtime.InteropServices.RuntimeInformation.OSArchitecture switch
    {
        System.Runtime.InteropServices.Architecture.Arm64 => "arm64",
        System.Runtime.InteropServices.Architecture.Arm => "arm",
        _ => "amd64",
    }, null);
}
