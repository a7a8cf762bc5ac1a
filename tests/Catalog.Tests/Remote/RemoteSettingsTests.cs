using Platform.Catalog.Remote;

namespace Platform.Catalog.Tests.Remote;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class RemoteSettingsTests
{
    private static readonly RepositoryAddress Https = RepositoryAddress.Parse("https://git.example.com/team/images.git", out _)!;
    private static readonly RepositoryAddress Ssh = RepositoryAddress.Parse("git@git.example.com:team/images.git", out _)!;

    [Fact]
    public void A_service_following_ssh_needs_a_deploy_key_and_a_pinned_host_key_each_named()
    {
        var problems = RemoteAccess.ServiceProblems(Ssh, new CatalogOptions { Repository = Ssh.Text }).ToList();

        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("Catalog:SshKeyFile", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Catalog:SshKnownHosts", StringComparison.Ordinal) && p.Contains("git.example.com", StringComparison.Ordinal));
    }

    [Fact]
    public void Credentials_that_contradict_each_other_are_refused_by_key()
    {
        var both = RemoteAccess.Problems(Https, new CatalogOptions { Password = "a", Token = "b" }).ToList();
        var userOnly = RemoteAccess.Problems(Https, new CatalogOptions { Username = "deploy" }).ToList();

        Assert.Contains("Catalog:Password and Catalog:Token are both set; set one of them", both);
        Assert.Contains("Catalog:Username is set without Catalog:Password or Catalog:Token", userOnly);
    }

    [Fact]
    public void A_deploy_key_that_others_can_read_is_refused_before_ssh_refuses_it()
    {
        using var folder = new Platform.Testing.TempDirectory("key");
        var key = folder.Combine("id");
        File.WriteAllText(key, "not really a key");
        File.SetUnixFileMode(key, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var problems = RemoteAccess.Problems(Ssh, new CatalogOptions { SshKeyFile = key, SshKnownHosts = "x" }).ToList();

        Assert.Contains(problems, p => p.StartsWith("Catalog:SshKeyFile", StringComparison.Ordinal) && p.Contains("chmod 600", StringComparison.Ordinal));
    }

    [Fact]
    public void The_secret_goes_to_the_environment_of_git_and_never_into_its_arguments()
    {
        using var folder = new Platform.Testing.TempDirectory("access");
        var access = RemoteAccess.Prepare(Https, new CatalogOptions { Token = "glpat-secret-value" }, folder.Path);

        Assert.Equal("glpat-secret-value", access.Environment[GitCredentialScript.PasswordVariable]);
        Assert.Equal(RemoteAccess.TokenUser, access.Environment[GitCredentialScript.UsernameVariable]);
        Assert.True(File.Exists(access.Environment["GIT_ASKPASS"]), "expected the askpass script to be written");
        Assert.DoesNotContain("glpat-secret-value", File.ReadAllText(access.Environment["GIT_ASKPASS"]));
        Assert.DoesNotContain(access.Settings, s => s.Contains("glpat-secret-value", StringComparison.Ordinal));
        Assert.Contains("credential.helper=", access.Settings);
        Assert.Equal("fatal: *** was refused", access.Redact("fatal: glpat-secret-value was refused"));
    }

    [Theory]
    [InlineData("Username for 'https://git.example.com': ", 0, "deploy")]
    [InlineData("Password for 'https://deploy@git.example.com': ", 0, "s3cret-token")]
    [InlineData("Password for 'https://deploy@GIT.example.com': ", 0, "s3cret-token")]
    [InlineData("Username for 'https://evil.example.net': ", 1, "")]
    [InlineData("Password for 'https://deploy@git.example.com.evil.net': ", 1, "")]
    public async Task The_askpass_script_answers_only_for_the_host_of_the_remote(string prompt, int exitCode, string answer)
    {
        using var folder = new Platform.Testing.TempDirectory("askpass");
        var access = RemoteAccess.Prepare(Https, new CatalogOptions { Username = "deploy", Password = "s3cret-token" }, folder.Path);
        var info = new System.Diagnostics.ProcessStartInfo(access.Environment["GIT_ASKPASS"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(prompt);
        foreach (var (name, value) in access.Environment)
        {
            info.Environment[name] = value;
        }

        using var process = System.Diagnostics.Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);

        Assert.Equal((exitCode, answer), (process.ExitCode, output.TrimEnd('\n')));
    }
}
