using RadioServer.Configuration;
using RadioServer.Safety;

namespace RadioServer.Icecast;

/// <summary>
/// In front of every <c>/admin/</c> command (present and future): a cross-site request is refused before its
/// credentials are even looked at, so a web page cannot make an operator's browser (which replays cached Basic
/// credentials) change titles, kill or move listeners; Icecast tools send neither <c>Sec-Fetch-Site</c> nor
/// <c>Origin</c> and are not affected. A failed login is logged (user, address as <c>ip_privacy</c> allows) and
/// counted, and an address that keeps failing waits longer before each next try (<see cref="LoginThrottle"/>).
/// </summary>
internal static partial class AdminGuard
{
    public static void Use(WebApplication app)
    {
        var throttle = app.Services.GetRequiredService<LoginThrottle>();
        var addresses = app.Services.GetRequiredService<ClientAddresses>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("RadioServer.Admin");
        app.UseWhen(static c => c.Request.Path.StartsWithSegments("/admin", StringComparison.OrdinalIgnoreCase), branch => branch.Use(async (context, next) =>
        {
            string ip = context.Connection.RemoteIpAddress?.ToString() ?? "-";
            if (CrossSite(context.Request) is { } why)
            {
                CrossSiteRefused(logger, context.Request.Path.Value ?? "", addresses.Written(ip), why);
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                context.Response.ContentType = "text/plain; charset=utf-8";
                await context.Response.WriteAsync("Cross-site admin requests are refused\r\n", context.RequestAborted).ConfigureAwait(false);
                return;
            }

            await throttle.WaitAsync(ip, context.RequestAborted).ConfigureAwait(false);
            string authorization = context.Request.Headers.Authorization.ToString();
            if (authorization.Length > 0) // libshout and curl first ask without credentials: not a failed login
            {
                // Counted and logged before the answer leaves: the client's next try already finds it.
                context.Response.OnStarting(() =>
                {
                    if (context.Response.StatusCode == StatusCodes.Status401Unauthorized)
                    {
                        LoginFailed(logger, "admin", SafeText.Escape(Credentials.UserName(authorization)) ?? "?", addresses.Written(ip), throttle.Failed(ip));
                    }
                    else
                    {
                        throttle.Succeeded(ip);
                    }

                    return Task.CompletedTask;
                });
            }

            await next(context).ConfigureAwait(false);
        }));
    }

    /// <summary>
    /// Why a request is cross-site (null when it is not): a <c>Sec-Fetch-Site</c> other than <c>same-origin</c> or
    /// <c>none</c> (typed into the address bar), or an <c>Origin</c> that is not this host.
    /// </summary>
    public static string? CrossSite(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0 && site is not ("same-origin" or "none"))
        {
            return $"Sec-Fetch-Site: {SafeText.Escape(site)}";
        }

        string origin = request.Headers.Origin.ToString();
        if (origin.Length > 0 && !SameOrigin(origin, request))
        {
            return $"Origin: {SafeText.Escape(origin)}";
        }

        return null;
    }

    /// <summary>Whether <paramref name="origin"/> names the host (and port) the request was sent to; <c>null</c> and unparsable origins are foreign.</summary>
    private static bool SameOrigin(string origin, HttpRequest request)
    {
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || !request.Host.HasValue)
        {
            return false;
        }

        var host = request.Host;
        int port = host.Port ?? (request.IsHttps ? 443 : 80);
        return string.Equals(uri.Host, host.Host.Trim('[', ']'), StringComparison.OrdinalIgnoreCase) && (uri.Port == port || host.Port is null);
    }

    [LoggerMessage(HostLogIds.Admin + 1, LogLevel.Warning, "Cross-site request to {Path} from {Ip} refused ({Why})")]
    private static partial void CrossSiteRefused(ILogger logger, string path, string ip, string why);

    [LoggerMessage(HostLogIds.Admin + 2, LogLevel.Warning, "Failed {Kind} login as '{User}' from {Ip} ({Failures} failures in a row)")]
    internal static partial void LoginFailed(ILogger logger, string kind, string user, string ip, int failures);
}
