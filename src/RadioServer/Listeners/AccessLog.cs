using System.Globalization;
using RadioServer.Configuration;

namespace RadioServer.Listeners;

/// <summary>
/// Writes one line per finished listener in Icecast's access.log format (NCSA combined plus the seconds
/// connected), so existing log analysers work: <c>ip - user [date] "request" status bytes "referrer" "agent" seconds</c>.
/// </summary>
public sealed class AccessLog : IDisposable
{
    private readonly StreamWriter? _writer;
    private readonly Lock _lock = new();

    public AccessLog(StationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrWhiteSpace(options.AccessLog))
        {
            string path = Path.GetFullPath(options.AccessLog);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            _writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read)) { AutoFlush = true };
        }
    }

    public static string Format(string ip, DateTimeOffset when, string request, int status, long bytes, string? referrer, string? userAgent, long seconds) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{ip} - - [{when.UtcDateTime.ToString("dd/MMM/yyyy:HH:mm:ss", CultureInfo.InvariantCulture)} +0000] \"{Quote(request)}\" {status} {bytes} \"{Quote(referrer ?? "-")}\" \"{Quote(userAgent ?? "-")}\" {seconds}");

    public void Write(string line)
    {
        if (_writer is null)
        {
            return;
        }

        lock (_lock)
        {
            _writer.WriteLine(line);
        }
    }

    private static string Quote(string s) => s.Replace("\"", "%22", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal);

    public void Dispose() => _writer?.Dispose();
}
