using System.Diagnostics.Metrics;
using OpenTelemetry.Metrics;
using RadioServer.Configuration;
using RadioServer.Icecast;
using RadioServer.Playout;
using RadioServer.Telemetry;

namespace RadioServer.Api;

/// <summary>
/// Prometheus <c>/metrics</c>, <c>/healthz</c> (the process answers) and <c>/readyz</c> (200 only once the PCM bus
/// has produced audio, 503 before). The components publish their own <see cref="System.Diagnostics.Metrics"/>
/// instruments (docs/metrics.md); <c>/metrics</c> is OpenTelemetry's Prometheus exporter over those meters.
/// </summary>
internal static class MetricsEndpoints
{
    /// <summary>
    /// The exporter, set up so that <c>/metrics</c> reads exactly as the hand-written exposition it replaced
    /// (tests/golden/metrics/families.txt): no <c>otel_scope_*</c> labels, no <c>target_info</c> family, no response
    /// cache (a scrape sees the counters as they are now), and only this host's meters.
    /// </summary>
    public static void AddMetrics(IServiceCollection services)
    {
        services.AddOpenTelemetry().WithMetrics(metrics =>
        {
            foreach (string name in MeterNames.All)
            {
                metrics.AddMeter(name);
            }

            metrics.AddPrometheusExporter(static o =>
            {
                o.ScopeInfoEnabled = false;
                o.TargetInfoEnabled = false;
                o.ScrapeResponseCacheDurationMilliseconds = 0;
            });

            // A listener subscribes by meter name, process-wide: without this, a second host in the same process
            // (the tests start many) would export the first one's instruments too. Ours come from this container's factory.
            ((IDeferredMeterProviderBuilder)metrics).Configure(static (sp, builder) =>
            {
                var ours = sp.GetRequiredService<IMeterFactory>();
                builder.AddView(instrument => ReferenceEquals(instrument.Meter.Scope, ours) ? null : MetricStreamConfiguration.Drop);
            });
        });
    }

    public static void Map(WebApplication app)
    {
        var station = app.Services.GetRequiredService<StationPlayout>();
        app.MapGet("/healthz", () => Results.Text("ok\n", "text/plain; charset=utf-8"));
        app.MapGet("/readyz", () => station.Bus.FramesPublished > 0
            ? Results.Text("ready\n", "text/plain; charset=utf-8")
            : Results.Text("not ready: the bus has produced no audio yet\n", "text/plain; charset=utf-8", statusCode: StatusCodes.Status503ServiceUnavailable));

        // Always the text format 0.0.4, as before: the exporter's OpenMetrics answer (which Prometheus asks for first)
        // names counter families without _total and adds _created series, which dashboards and the golden test do not expect.
        var options = app.Services.GetRequiredService<StationOptions>();
        app.MapPrometheusScrapingEndpoint("/metrics", meterProvider: null, configureBranchedPipeline: branch => branch.Use((context, next) =>
        {
            // metrics_require_admin: the same Basic credentials as /admin/ (Prometheus: basic_auth in the scrape config).
            if (options.MetricsRequireAdmin && Credentials.Check(context.Request, options) != Role.Admin)
            {
                IcecastResults.SetReason(context, "Authentication Required");
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = "Basic realm=\"Icecast2 Server\"";
                return Task.CompletedTask;
            }

            context.Request.Headers.Accept = "text/plain; version=0.0.4";
            return next(context);
        }), optionsName: null);
    }
}
