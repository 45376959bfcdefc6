using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace RadioServer.Tests.Support;

/// <summary>
/// Debian's nginx in the foreground (one worker) with its own prefix, config, temp folders and logs in a test's folder,
/// running the <c>http { }</c> content it is given (usually a shipped file from <c>config/nginx/</c> with the names written in
/// CAPITALS there swapped for the test's ports and files, see <see cref="Shipped"/>).
/// </summary>
internal sealed class NginxServer : IAsyncDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    private readonly Process _process;

    private NginxServer(Process process, string prefix)
    {
        _process = process;
        Prefix = prefix;
    }

    /// <summary>Debian's package libnginx-mod-stream (installed by the test command).</summary>
    public const string StreamModule = "/usr/lib/nginx/modules/ngx_stream_module.so";

    /// <summary>nginx's folder (config, logs, temp files), under the test's folder.</summary>
    public string Prefix { get; }

    public string ErrorLog => Path.Combine(Prefix, "logs", "error.log");

    /// <summary>
    /// Starts nginx with <paramref name="http"/> inside its <c>http { }</c> block and <paramref name="topLevel"/> after it (e.g. a
    /// <c>stream { }</c> block, then <paramref name="modules"/> should load its module), and returns once <paramref name="port"/> accepts.
    /// </summary>
    public static async Task<NginxServer> StartAsync(string dir, int port, string http, string topLevel = "", string modules = "", int workerConnections = 256)
    {
        string prefix = Path.Combine(dir, "nginx");
        Directory.CreateDirectory(Path.Combine(prefix, "logs"));
        string errorLog = Path.Combine(prefix, "logs", "error.log");
        string conf = Path.Combine(prefix, "nginx.conf");
        File.WriteAllText(conf, string.Create(CultureInfo.InvariantCulture, $$"""
            {{modules}}
            daemon off;
            worker_processes 1;
            worker_rlimit_nofile {{(workerConnections * 2) + 64}};
            pid {{prefix}}/nginx.pid;
            error_log {{errorLog}} warn;
            {{(Environment.UserName == "root" ? "user root;" : "")}}
            events { worker_connections {{workerConnections}}; }
            http {
                access_log off;
                client_body_temp_path {{prefix}}/client_body;
                proxy_temp_path {{prefix}}/proxy;
                fastcgi_temp_path {{prefix}}/fastcgi;
                uwsgi_temp_path {{prefix}}/uwsgi;
                scgi_temp_path {{prefix}}/scgi;
            {{http}}
            }
            {{topLevel}}
            """));
        var psi = new ProcessStartInfo(ExternalTool.Require("nginx"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string a in new[] { "-p", prefix, "-e", errorLog, "-c", conf })
        {
            psi.ArgumentList.Add(a);
        }

        var process = Process.Start(psi)!;
        var nginx = new NginxServer(process, prefix);
        var waited = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                string why = File.Exists(errorLog) ? File.ReadAllText(errorLog) : await process.StandardError.ReadToEndAsync();
                await nginx.DisposeAsync();
                Assert.Fail("nginx stopped: " + why);
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return nginx;
            }
            catch (SocketException) when (waited.Elapsed < Deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    /// <summary>
    /// A shipped file of <c>config/nginx/</c> with each (shipped text, replacement) swapped; every one must be found, so that a change
    /// to the shipped file cannot silently leave the test running something else.
    /// </summary>
    public static string Shipped(string name, params (string Shipped, string Test)[] swaps)
    {
        string text = File.ReadAllText(Path.Combine(Root(), "config", "nginx", name));
        foreach (var (shipped, test) in swaps)
        {
            Assert.True(text.Contains(shipped, StringComparison.Ordinal), $"config/nginx/{name} no longer says '{shipped}'");
            text = text.Replace(shipped, test, StringComparison.Ordinal);
        }

        return text;
    }

    /// <summary>CPU time (user and system) of nginx's worker processes so far, from <c>/proc</c> (the master only starts and watches them).</summary>
    public TimeSpan WorkerCpuTime()
    {
        var total = TimeSpan.Zero;
        string children = $"/proc/{_process.Id}/task/{_process.Id}/children";
        if (!File.Exists(children))
        {
            return total;
        }

        foreach (string pid in File.ReadAllText(children).Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            try
            {
                // Fields after the command's closing parenthesis: state is the 3rd field, utime the 14th and stime the 15th.
                string stat = File.ReadAllText($"/proc/{pid}/stat");
                string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                long ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                total += TimeSpan.FromSeconds(ticks / 100.0); // USER_HZ is 100 on Linux
            }
            catch (IOException)
            {
                // It exited between the two reads.
            }
        }

        return total;
    }

    /// <summary>The repository's root folder (where RadioServer.sln is).</summary>
    public static string Root()
    {
        string dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "RadioServer.sln")))
        {
            dir = Path.GetDirectoryName(dir) ?? throw new InvalidOperationException("repository root not found");
        }

        return dir;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
