using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace RadioServer.Tests.Support;

/// <summary>
/// A real icecast2 (Debian's package, installed by the test command) on 127.0.0.1 with a config written for the
/// test: optionally relaying one of our mounts, and accepting sources with a known password.
/// icecast2 refuses to run as root, so under root it is started as the icecast2 user through setpriv.
/// </summary>
internal sealed class IcecastServer : IAsyncDisposable
{
    public const string SourcePassword = "ice-source-secret";
    public const string AdminPassword = "ice-admin-secret";
    private readonly Process _process;
    private readonly string _dir;

    private IcecastServer(Process process, string dir, int port)
    {
        _process = process;
        _dir = dir;
        Port = port;
    }

    public int Port { get; }

    public Uri Url(string path) => new($"http://127.0.0.1:{Port}{path}");

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <param name="relayFrom">Our server's port and mount to relay as <c>/relay.mp3</c>, if any.</param>
    public static async Task<IcecastServer> StartAsync(int port, (int Port, string Mount)? relayFrom)
    {
        string icecast = ExternalTool.Require("icecast2");
        string dir = Path.Combine(Path.GetTempPath(), "radioserver-icecast", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(dir, "log"));
        string relay = relayFrom is { } r
            ? $"<relay><server>127.0.0.1</server><port>{r.Port}</port><mount>{r.Mount}</mount><local-mount>/relay.mp3</local-mount><on-demand>0</on-demand><relay-shoutcast-metadata>1</relay-shoutcast-metadata></relay>"
            : "";
        File.WriteAllText(Path.Combine(dir, "icecast.xml"), $"""
            <icecast>
              <location>Test</location><admin>test@example.invalid</admin><hostname>127.0.0.1</hostname>
              <limits><clients>50</clients><sources>5</sources><queue-size>524288</queue-size><client-timeout>30</client-timeout>
                <header-timeout>15</header-timeout><source-timeout>10</source-timeout><burst-on-connect>1</burst-on-connect><burst-size>65535</burst-size></limits>
              <authentication><source-password>{SourcePassword}</source-password><relay-password>{SourcePassword}</relay-password>
                <admin-user>admin</admin-user><admin-password>{AdminPassword}</admin-password></authentication>
              <listen-socket><port>{port}</port><bind-address>127.0.0.1</bind-address></listen-socket>
              {relay}
              <mount><mount-name>/relay.mp3</mount-name><charset>UTF-8</charset></mount>
              <mount><mount-name>/pushed.mp3</mount-name><charset>UTF-8</charset></mount>
              <fileserve>1</fileserve>
              <paths><basedir>/usr/share/icecast2</basedir><logdir>{dir}/log</logdir><webroot>/usr/share/icecast2/web</webroot><adminroot>/usr/share/icecast2/admin</adminroot></paths>
              <logging><accesslog>access.log</accesslog><errorlog>error.log</errorlog><loglevel>3</loglevel></logging>
            </icecast>
            """);
        var psi = Environment.UserName == "root"
            ? new ProcessStartInfo("setpriv", ["--reuid=icecast2", "--regid=icecast", "--clear-groups", icecast, "-c", Path.Combine(dir, "icecast.xml")])
            : new ProcessStartInfo(icecast, ["-c", Path.Combine(dir, "icecast.xml")]);
        if (Environment.UserName == "root")
        {
            var chown = Process.Start("chown", ["-R", "icecast2", dir])!;
            await chown.WaitForExitAsync();
            psi.Environment["HOME"] = dir;
        }

        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        var process = Process.Start(psi)!;
        var server = new IcecastServer(process, dir, port);
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            try
            {
                using var tcp = new TcpClient();
                await tcp.ConnectAsync(IPAddress.Loopback, port);
                return server;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        string log = Path.Combine(dir, "log", "error.log");
        string why = (File.Exists(log) ? File.ReadAllText(log) : "") + await process.StandardError.ReadToEndAsync();
        await server.DisposeAsync();
        throw new InvalidOperationException("icecast2 did not start: " + why);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
