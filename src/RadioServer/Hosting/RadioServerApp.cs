using System.Text;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using RadioServer.Configuration;
using RadioServer.Endpoints;
using RadioServer.Listeners;

namespace RadioServer.Hosting;

/// <summary>Builds the whole station host: config, playout, mounts and Kestrel. Used by <c>Program</c> and by the tests.</summary>
public static class RadioServerApp
{
    /// <summary>The config file used when <c>--config</c> is not given.</summary>
    public const string DefaultConfigPath = "config/station.yaml";

    public static WebApplication Build(string[] args, TimeProvider? time = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = Directory.GetCurrentDirectory(),
        });
        AddYamlConfig(builder.Configuration, builder.Configuration["config"] ?? DefaultConfigPath);
        var options = StationConfigLoader.Load(builder.Configuration);

        // --urls / ASPNETCORE_URLS win; otherwise the station's own listen address.
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(options.Listen);
        }

        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "yyyy-MM-dd HH:mm:ss ";
        });
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Services.AddSingleton(time ?? TimeProvider.System);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(sp => new Station(options, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>(),
            sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()));
        MetricsEndpoints.AddMetrics(builder.Services);
        builder.Services.AddSingleton<AccessLog>();
        builder.Services.AddSingleton<RadioServer.Metrics.ListenerMetrics>();
        builder.Services.AddSingleton<ListenerService>();
        builder.Services.AddSingleton<RadioServer.NowPlaying.NowPlayingService>();
        builder.Services.AddSingleton<SourceIngest>();
        builder.Services.AddHostedService<PlayoutService>();
        builder.Services.AddHostedService<RadioServer.Relays.IcecastPushService>();
        if (options.Database.Length > 0)
        {
            builder.Services.AddSingleton(OpenDatabase(options.Database));
            builder.Services.AddSingleton<RadioServer.Stats.StatsRecorder>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<RadioServer.Stats.StatsRecorder>());
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.ResponseHeaderEncodingSelector = static _ => Encoding.UTF8; // station names are often not ASCII
            kestrel.ConfigureEndpointDefaults(listen => listen.Use(next =>
                ActivatorUtilities.CreateInstance<IcecastConnectionMiddleware>(listen.ApplicationServices, next).OnConnectedAsync));
        });

        var app = builder.Build();
        var station = app.Services.GetRequiredService<Station>();
        _ = app.Services.GetRequiredService<RadioServer.NowPlaying.NowPlayingService>();
        _ = app.Services.GetService<RadioServer.Stats.StatsRecorder>(); // subscribe before playout starts
        StatusEndpoints.Map(app, station);
        AdminEndpoints.Map(app, station);
        ControlEndpoints.Map(app, station);
        NowPlayingEndpoints.Map(app);
        WebPageEndpoints.Map(app, station);
        MetricsEndpoints.Map(app, station);
        ReportEndpoints.Map(app, options);
        ListenerEndpoints.Map(app, station);
        return app;
    }

    private static RadioServer.Stats.StatsDatabase OpenDatabase(string path)
    {
        try
        {
            return new RadioServer.Stats.StatsDatabase(path);
        }
        catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationFileException($"station.database: cannot open {path}: {e.Message}");
        }
    }

    /// <summary>
    /// Inserts the YAML file below the unprefixed environment variables and the command line, so
    /// <c>--station:name=X</c> or <c>station__name=X</c> override what the file says.
    /// </summary>
    private static void AddYamlConfig(ConfigurationManager configuration, string path)
    {
        var sources = configuration.Sources;
        int index = sources.Count;
        for (int i = 0; i < sources.Count; i++)
        {
            if (sources[i] is EnvironmentVariablesConfigurationSource { Prefix: null or "" })
            {
                index = i;
            }
        }

        sources.Insert(index, new YamlConfigurationSource(Path.GetFullPath(path), optional: false));
    }
}
