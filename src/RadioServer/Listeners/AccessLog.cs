using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging.Abstractions;
using RadioServer.Configuration;
using RadioServer.Playout.Storage;
using RadioServer.Safety;
using RadioServer.Telemetry;

namespace RadioServer.Listeners;

/// <summary>
/// Writes one line per finished listener in Icecast's access.log format (NCSA combined plus the seconds
/// connected), so existing log analysers work: <c>ip - user [date] "request" status bytes "referrer" "agent" seconds</c>.
/// The address is written as <c>ip_privacy</c> allows (the caller passes it through <see cref="ClientAddresses"/>),
/// and every client-sent field is escaped, so one line stays one line. The file is reopened on <c>SIGHUP</c>, as
/// Icecast's and nginx's logs are (logrotate moves it, then signals), and rotated to <c>*.1</c> when it passes
/// <c>access_log_max_bytes</c>.
/// </summary>
public sealed partial class AccessLog : IDisposable
{
    private readonly string? _path;
    private readonly PosixSignalRegistration? _hangup;
    private readonly QueuedTextFile? _file;

    public AccessLog(StationOptions options, ILogger<AccessLog>? logger = null, BackgroundFailures? failures = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrWhiteSpace(options.AccessLog))
        {
            _path = Path.GetFullPath(options.AccessLog);
            // Written in the background: a listener's request never waits on the disk, and a full disk or a read-only
            // folder costs one log line and the lines that do not fit the queue, never the station.
            _file = new QueuedTextFile(_path, logger ?? (ILogger)NullLogger.Instance, maxBytes: options.AccessLogMaxBytes,
                onFailure: failures is null ? null : () => failures.Count("access_log"));
            if (!OperatingSystem.IsWindows())
            {
                // Handling SIGHUP also keeps it from ending the process (its default action).
                _hangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
                {
                    context.Cancel = true;
                    Reopen();
                });
                if (HangupIgnored())
                {
                    // Started under nohup (or by a parent that ignores SIGHUP): the runtime keeps the signal ignored,
                    // so logrotate's "kill -HUP" would do nothing. Say so once, rather than lose lines silently.
                    HangupIgnoredWarning(logger ?? (ILogger)NullLogger.Instance, _path);
                }
            }
        }
    }

    /// <summary>Whether a SIGHUP reopens the file: false without an access log, on Windows, and when the process ignores SIGHUP.</summary>
    public bool ReopensOnHangup => _hangup is not null && !HangupIgnored();

    /// <summary>Whether this process was started with SIGHUP ignored (<c>nohup</c>): <c>SigIgn</c> in <c>/proc/self/status</c>.</summary>
    public static bool HangupIgnored()
    {
        try
        {
            foreach (string line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("SigIgn:", StringComparison.Ordinal))
                {
                    return (ulong.Parse(line.AsSpan(7).Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture) & 1) != 0; // bit 0: signal 1, SIGHUP
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or OverflowException)
        {
        }

        return false;
    }

    /// <summary>The file being written (null when there is no access log).</summary>
    public string? FilePath => _path;

    public static string Format(string ip, DateTimeOffset when, string request, int status, long bytes, string? referrer, string? userAgent, long seconds) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{Quote(ip)} - - [{when.UtcDateTime.ToString("dd/MMM/yyyy:HH:mm:ss", CultureInfo.InvariantCulture)} +0000] \"{Quote(request)}\" {status} {bytes} \"{Quote(referrer ?? "-")}\" \"{Quote(userAgent ?? "-")}\" {seconds}");

    /// <summary>Queues one line (never waits on the disk).</summary>
    public void Write(string line) => _file?.Append(line);

    /// <summary>Closes the file and opens it again by name, after the lines written so far: after logrotate moved it, lines go to a new file.</summary>
    public void Reopen() => _file?.Reopen();

    /// <summary>Waits until the lines written so far are in the file (tests, shutdown).</summary>
    public bool Flush(TimeSpan timeout) => _file?.WaitWritten(timeout) ?? true;

    /// <summary>Quotes become %22 and control characters visible escapes: a field can neither end the quoted string nor the line.</summary>
    private static string Quote(string s) => SafeText.Escape(s)!.Replace("\"", "%22", StringComparison.Ordinal);

    public void Dispose()
    {
        _hangup?.Dispose();
        _file?.Dispose();
    }

    [LoggerMessage(HostLogIds.Listeners + 10, LogLevel.Warning, "Access log {Path}: this process ignores SIGHUP (started under nohup?), so it is not reopened on SIGHUP; rotate it with access_log_max_bytes, or run the station under systemd")]
    private static partial void HangupIgnoredWarning(ILogger logger, string path);
}
