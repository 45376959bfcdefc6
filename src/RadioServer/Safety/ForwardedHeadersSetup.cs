using Microsoft.AspNetCore.HttpOverrides;

namespace RadioServer.Safety;

/// <summary>
/// Behind a reverse proxy: ASP.NET Core's forwarded-headers middleware, trusting only <c>station.trusted_proxies</c>
/// (its defaults, which trust loopback, are cleared: a local client's own <c>X-Forwarded-For</c> must count for
/// nothing unless the operator said so), walking the whole <c>X-Forwarded-For</c> chain from the right as
/// <see cref="TrustedProxies.Client"/> does on the raw path. ASP.NET Core does not read RFC 7239 <c>Forwarded</c>, so
/// a request that carries only that header is resolved here by the same rule first.
/// </summary>
public static class ForwardedHeadersSetup
{
    public static void Use(IApplicationBuilder app, TrustedProxies proxies)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(proxies);
        if (proxies.IsEmpty)
        {
            return; // nothing is trusted: the headers are ignored, as if the middleware were not there
        }

        app.Use((context, next) =>
        {
            var request = context.Request;
            if (!request.Headers.ContainsKey("X-Forwarded-For") && request.Headers.ContainsKey("Forwarded") && proxies.IsTrusted(context.Connection.RemoteIpAddress))
            {
                context.Connection.RemoteIpAddress = proxies.Client(context.Connection.RemoteIpAddress, name => request.Headers[name].ToString() is { Length: > 0 } v ? v : null);
                if (ForwardedProto(request.Headers["Forwarded"].ToString()) is { } proto)
                {
                    request.Scheme = proto;
                }
            }

            return next(context);
        });

        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto,
            ForwardLimit = null,
        };
        options.KnownIPNetworks.Clear();
        options.KnownProxies.Clear();
        foreach (var network in proxies.Networks)
        {
            options.KnownIPNetworks.Add(network);
        }

        app.UseForwardedHeaders(options);
    }

    /// <summary>The last <c>proto=</c> of a <c>Forwarded</c> header (the one the nearest proxy saw), if http or https.</summary>
    private static string? ForwardedProto(string value)
    {
        string? proto = null;
        foreach (string pair in value.Split([',', ';']))
        {
            int eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && pair[..eq].Trim().Equals("proto", StringComparison.OrdinalIgnoreCase))
            {
                proto = pair[(eq + 1)..].Trim().Trim('"').ToLowerInvariant();
            }
        }

        return proto is "http" or "https" ? proto : null;
    }
}
