using System.Security.Cryptography;
using System.Text;

namespace Platform.Testing;

/// <summary>
/// A real git smart-HTTP server on a free loopback port: Debian's nginx with basic auth in front of fcgiwrap and
/// <c>git http-backend</c>, in a temporary folder with its own configuration. Stopped by PID; after
/// <see cref="StopAsync"/> it starts again on the same port with the same repositories (a remote that was down).
/// </summary>
public sealed class GitHttpServer : IAsyncDisposable
{
    private readonly TempDirectory folder = new("githttp");
    private ChildProcess? nginx;
    private ChildProcess? fcgi;

    private GitHttpServer()
    {
        Directory.CreateDirectory(Repositories);
        Directory.CreateDirectory(folder.Combine("tmp"));
    }

    public string User { get; } = "platform";

    /// <summary>The user's password (stands for a token of GitHub, GitLab or Gitea).</summary>
    public string Password { get; } = "tok-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    public int Port { get; private set; }

    /// <summary>The folder the bare repositories live in.</summary>
    public string Repositories => folder.Combine("repos");

    public string UrlOf(string name) => $"http://127.0.0.1:{Port}/{name}.git";

    public static async Task<GitHttpServer> StartAsync()
    {
        var server = new GitHttpServer();
        try
        {
            await server.StartAgainAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>A bare repository <c>name.git</c> whose HEAD is <c>main</c>, that serves partial clones and takes pushes.</summary>
    public Task<string> CreateRepositoryAsync(string name) => GitServerRepositories.CreateAsync(Repositories, name);

    /// <summary>Pushes a branch of a work tree to the repository over HTTP, as a developer would (the test's own credentials, as a header).</summary>
    public async Task PushAsync(TempGitRepository work, string name, string refspec = "HEAD:refs/heads/main", bool force = false)
    {
        var header = "Authorization: Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}"));
        await work.GitAsync(["-c", $"http.extraHeader={header}", "push", "--quiet", .. force ? new[] { "--force" } : [], UrlOf(name), refspec]);
    }

    public async Task StartAgainAsync()
    {
        if (nginx is not null)
        {
            throw new InvalidOperationException($"The git server on 127.0.0.1:{Port} is already running.");
        }

        if (Port == 0)
        {
            Port = FreePort.Next();
        }

        var socket = folder.Combine("fcgi.sock");
        File.Delete(socket);
        await File.WriteAllTextAsync(folder.Combine("htpasswd"), $"{User}:{{SHA}}{Convert.ToBase64String(SHA1.HashData(Encoding.UTF8.GetBytes(Password)))}\n");
        await File.WriteAllTextAsync(folder.Combine("nginx.conf"), Configuration(socket));
        // One process (no -c): a preforked fcgiwrap leaves its children behind when stopped.
        fcgi = ChildProcess.Start("/usr/sbin/fcgiwrap", ["-s", $"unix:{socket}"]);
        nginx = ChildProcess.Start("/usr/sbin/nginx", ["-p", folder.Path, "-c", folder.Combine("nginx.conf")]);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        await Eventually.WaitAsync(
            // Up when it asks for the password.
            async ct => !nginx.HasExited && (await http.GetAsync($"http://127.0.0.1:{Port}/", ct)).StatusCode == System.Net.HttpStatusCode.Unauthorized,
            TimeSpan.FromSeconds(20),
            $"nginx to answer 401 on 127.0.0.1:{Port} (nginx: {nginx.Output}; fcgiwrap: {fcgi.Output}; error log: {ErrorLog()})");
    }

    public async Task StopAsync()
    {
        foreach (var process in new[] { nginx, fcgi })
        {
            if (process is not null)
            {
                await process.DisposeAsync();
            }
        }

        nginx = null;
        fcgi = null;
    }

    /// <summary>Every request so far, one "METHOD path status" line each (for example <c>POST /images.git/git-upload-pack 200</c>).</summary>
    public IReadOnlyList<string> Requests() =>
        File.Exists(folder.Combine("access.log")) ? File.ReadAllLines(folder.Combine("access.log")) : [];

    public string ErrorLog() => File.Exists(folder.Combine("error.log")) ? File.ReadAllText(folder.Combine("error.log")) : "";

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        folder.Dispose();
    }

    private string Configuration(string socket) => $$"""
        daemon off;
        master_process on;
        worker_processes 1;
        pid {{folder.Combine("nginx.pid")}};
        error_log {{folder.Combine("error.log")}} warn;
        {{(Environment.UserName == "root" ? "user root;" : "")}}
        events { worker_connections 64; }
        http {
          log_format git '$request_method $uri $status';
          access_log {{folder.Combine("access.log")}} git;
          client_body_temp_path {{folder.Combine("tmp", "body")}};
          fastcgi_temp_path {{folder.Combine("tmp", "fastcgi")}};
          proxy_temp_path {{folder.Combine("tmp", "proxy")}};
          uwsgi_temp_path {{folder.Combine("tmp", "uwsgi")}};
          scgi_temp_path {{folder.Combine("tmp", "scgi")}};
          client_max_body_size 0;
          server {
            listen 127.0.0.1:{{Port}};
            location / {
              auth_basic "git";
              auth_basic_user_file {{folder.Combine("htpasswd")}};
              fastcgi_pass unix:{{socket}};
              fastcgi_param SCRIPT_FILENAME /usr/lib/git-core/git-http-backend;
              fastcgi_param GIT_PROJECT_ROOT {{Repositories}};
              fastcgi_param GIT_HTTP_EXPORT_ALL "";
              fastcgi_param PATH_INFO $uri;
              fastcgi_param QUERY_STRING $args;
              fastcgi_param REQUEST_METHOD $request_method;
              fastcgi_param CONTENT_TYPE $content_type;
              fastcgi_param CONTENT_LENGTH $content_length;
              fastcgi_param REMOTE_USER $remote_user;
              fastcgi_param REMOTE_ADDR $remote_addr;
              fastcgi_param GIT_PROTOCOL $http_git_protocol;
            }
          }
        }
        """;
}
