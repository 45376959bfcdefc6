using System.Globalization;
using System.Runtime.InteropServices;
using RadioServer.Configuration;
using RadioServer.Safety;

namespace RadioServer.Listeners;

/// <summary>
/// Writes one line per finished listener in Icecast's access.log format (NCSA combined plus the seconds
/// connected), so existing log analysers work: <c>ip - user [date] "request" status bytes "referrer" "agent" seconds</c>.
/// The address is written as <c>ip_privacy</c> allows (the caller passes it through <see cref="ClientAddresses"/>),
/// and every client-sent field is escaped, so one line stays one line. The file is reopened on <c>SIGHUP</c>, as
/// Icecast's and nginx's logs are (logrotate moves it, then signals), and rotated to <c>*.1</c> when it passes
/// <c>access_log_max_bytes</c>.
/// </summary>
public sealed class AccessLog : IDisposable
{
    private readonly string? _path;
    private readonly long _maxBytes;
    private readonly Lock _lock = new();
    private readonly PosixSignalRegistration? _hangup;
    private StreamWriter? _writer;

    public AccessLog(StationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrWhiteSpace(options.AccessLog))
        {
            _path = Path.GetFullPath(options.AccessLog);
            _maxBytes = options.AccessLogMaxBytes;
            Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
            _writer = Open(_path);
            if (!OperatingSystem.IsWindows())
            {
                // Handling SIGHUP also keeps it from ending the process (its default action).
                _hangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
                {
                    context.Cancel = true;
                    Reopen();
                });
            }
        }
    }

    /// <summary>The file being written (null when there is no access log).</summary>
    public string? FilePath => _path;

    public static string Format(string ip, DateTimeOffset when, string request, int status, long bytes, string? referrer, string? userAgent, long seconds) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{Quote(ip)} - - [{when.UtcDateTime.ToString("dd/MMM/yyyy:HH:mm:ss", CultureInfo.InvariantCulture)} +0000] \"{Quote(request)}\" {status} {bytes} \"{Quote(referrer ?? "-")}\" \"{Quote(userAgent ?? "-")}\" {seconds}");

    public void Write(string line)
    {
        lock (_lock)
        {
            if (_writer is null)
            {
                return;
            }

            _writer.WriteLine(line);
            if (_maxBytes > 0 && _writer.BaseStream.Length >= _maxBytes)
            {
                Rotate();
            }
        }
    }

    /// <summary>Closes the file and opens it again by name: after logrotate moved it, lines go to a new file.</summary>
    public void Reopen()
    {
        lock (_lock)
        {
            if (_path is null)
            {
                return;
            }

            _writer?.Dispose();
            _writer = Open(_path);
        }
    }

    /// <summary>Moves the full file to <c>*.1</c> (replacing the previous one) and starts a new one.</summary>
    private void Rotate()
    {
        _writer!.Dispose();
        File.Move(_path!, _path + ".1", overwrite: true);
        _writer = Open(_path!);
    }

    private static StreamWriter Open(string path) =>
        new(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete)) { AutoFlush = true };

    /// <summary>Quotes become %22 and control characters visible escapes: a field can neither end the quoted string nor the line.</summary>
    private static string Quote(string s) => SafeText.Escape(s)!.Replace("\"", "%22", StringComparison.Ordinal);

    public void Dispose()
    {
        _hangup?.Dispose();
        lock (_lock)
        {
            _writer?.Dispose();
            _writer = null;
        }
    }
}
