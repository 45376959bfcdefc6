namespace RadioServer.Safety;

/// <summary>
/// Headers every browser-facing response of Kestrel's HTTP stack carries: <c>X-Content-Type-Options: nosniff</c>
/// (a User-Agent or title echoed in a text or XML page can never be sniffed into HTML or script). The station page
/// adds its own Content-Security-Policy (<c>Web/WebPageEndpoints.cs</c>). Stream responses written on the raw
/// connection keep Icecast's exact header bytes.
/// </summary>
public static class SecurityHeaders
{
    public static void Use(IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Use(static (context, next) =>
        {
            context.Response.OnStarting(static state =>
            {
                var headers = ((HttpContext)state).Response.Headers;
                if (!headers.ContainsKey("X-Content-Type-Options"))
                {
                    headers.XContentTypeOptions = "nosniff";
                }

                return Task.CompletedTask;
            }, context);
            return next(context);
        });
    }
}
