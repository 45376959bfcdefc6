using System.Text;
using RadioServer.Configuration;
using RadioServer.Listeners;
using RadioServer.Safety;
using RadioServer.Streaming.Mounts;

namespace RadioServer.Icecast;

/// <summary>
/// The one decision on a listener's request for a mount, whatever the transport (the raw Icecast-framed connection
/// or Kestrel's HTTP stack): whether ICY metadata was asked for, whether the listener is admitted (limits: Icecast's
/// 403 with its body), and the exact response headers. The caller only writes the answer.
/// </summary>
internal sealed class ListenerAdmission(StationOptions station, ListenerService listeners, TimeProvider time)
{
    /// <summary>A listener's request, as either transport reads it.</summary>
    public sealed record Request(string Method, string Ip, string? UserAgent, string RequestLine, string? Referrer, string? IcyMetaData);

    /// <summary>
    /// The answer: 200 with the stream headers (and the session for a <c>GET</c>; none for <c>HEAD</c>), or 403 with
    /// Icecast's plain-text body.
    /// </summary>
    public sealed record Answer(int Status, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body, ListenerSession? Session, bool IcyMetadata)
    {
        /// <summary>The status line as Icecast writes it on the raw connection.</summary>
        public string StatusLine => Status == 200 ? "HTTP/1.0 200 OK" : "HTTP/1.0 403 Forbidden";
    }

    /// <summary><c>Icy-MetaData: 1</c> (or any number above 0) asks for ICY titles in the stream.</summary>
    public static bool WantsIcyMetadata(string? header) => int.TryParse(header?.Trim(), out int n) && n >= 1;

    public Answer Admit(Mount mount, Request request)
    {
        ArgumentNullException.ThrowIfNull(mount);
        ArgumentNullException.ThrowIfNull(request);
        bool icy = WantsIcyMetadata(request.IcyMetaData);
        ListenerSession? session = null;
        if (request.Method != "HEAD")
        {
            // What a listener sent is escaped once, here: every log line, access-log line, page and database row
            // that shows it later is then free of control characters.
            session = listeners.TryAdmit(mount, request.Ip, SafeText.Escape(request.UserAgent), SafeText.Escape(request.RequestLine)!,
                SafeText.Escape(request.Referrer), out string? rejection);
            if (session is null)
            {
                // Icecast's 403 for full mounts: text/plain, no newline, then close.
                return new Answer(403, StreamHeaders.Common(station, "text/plain; charset=utf-8", time.GetUtcNow()),
                    Encoding.UTF8.GetBytes(rejection!), null, icy);
            }
        }

        return new Answer(200, StreamHeaders.Build(station, mount.Options, icy, time.GetUtcNow()), [], session, icy);
    }
}
