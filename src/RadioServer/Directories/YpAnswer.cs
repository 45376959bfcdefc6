using System.Globalization;
using System.Net.Http.Headers;

namespace RadioServer.Directories;

/// <summary>
/// A directory's answer, read from its headers: <c>YPResponse</c> (1 success, 0 refused), <c>YPMessage</c> (why),
/// <c>SID</c> (the listing's id, from an add) and <c>TouchFreq</c> (seconds between touches). The body is ignored.
/// </summary>
internal sealed record YpAnswer(bool Ok, string Message, string? Sid, int? TouchFreq)
{
    /// <summary>Reads the answer; a reply without <c>YPResponse: 1</c> (an HTTP error page, a proxy's) is a refusal.</summary>
    public static YpAnswer Parse(int status, HttpResponseHeaders headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        string? response = Header(headers, "YPResponse");
        string? message = Header(headers, "YPMessage");
        string? sid = Header(headers, "SID");
        int? touch = int.TryParse(Header(headers, "TouchFreq"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int t) && t > 0 ? t : null;
        bool ok = response == "1" && status is >= 200 and < 300;
        message ??= response is null ? $"no YPResponse header (HTTP {status})" : ok ? "" : "refused without a message";
        return new YpAnswer(ok, message, sid is { Length: > 0 } and not "-1" ? sid : null, touch);
    }

    private static string? Header(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault()?.Trim() : null;
}
