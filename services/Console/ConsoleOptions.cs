using System.ComponentModel.DataAnnotations;

namespace Platform.Console;

/// <summary>Settings of the console (section <c>Console</c>).</summary>
public sealed class ConsoleOptions
{
    public const string Section = "Console";

    /// <summary>The password that signs a person in for actions (the AppHost's secret parameter <c>console-password</c>); empty: no password login.</summary>
    public string? Password { get; set; }

    /// <summary>
    /// Reading without a sign-in from this machine (127.0.0.1, ::1). Set it to false behind a reverse proxy on the same
    /// machine: every request would come from loopback there.
    /// </summary>
    public bool OpenOnLoopback { get; set; } = true;

    /// <summary>How long a sign-in lasts without use.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00", ErrorMessage = "Console:SessionLifetime must be between 1 minute and 30 days.")]
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>How many builds the Commits and Images pages read from the builder's history (the builder gives 1,000 at most).</summary>
    [Range(10, 1000, ErrorMessage = "Console:HistoryLimit must be between 10 and 1000.")]
    public int HistoryLimit { get; set; } = 500;

    /// <summary>Sign-in through the team's identity provider instead of (or beside) the password; see docs/console.md.</summary>
    public OidcOptions Oidc { get; set; } = new();
}

/// <summary>OpenID Connect settings (section <c>Console:Oidc</c>): the code flow, with the claims the provider sends.</summary>
public sealed class OidcOptions
{
    /// <summary>The issuer, e.g. https://login.example.com/realms/team; empty turns OpenID Connect off.</summary>
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>The provider's display name on the sign-in page.</summary>
    public string DisplayName { get; set; } = "single sign-on";

    /// <summary>A claim that must be present with this value to sign in (e.g. <c>groups=platform</c>); empty: any signed-in user.</summary>
    public string? RequiredClaim { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);
}
