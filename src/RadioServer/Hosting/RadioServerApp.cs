using System.Text;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using RadioServer.Api;
using RadioServer.Configuration;
using RadioServer.Connections;
using RadioServer.Icecast;
using RadioServer.Web;

namespace RadioServer.Hosting;

/// <summary>Builds the whole station host: config, playout, mounts and Kestrel. Used by <c>Program</c> and by the tests.</summary>
public static class RadioServerApp
{
    public static WebApplication Build(string[] args, TimeProvider? time = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = Directory.GetCurrentDirectory(),
        });
        AddYamlConfig(builder.Configuration, builder.Configuration["config"] ?? StationConfigLoader.DefaultConfigPath);
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
        builder.Services.AddStation(options);

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.ResponseHeaderEncodingSelector = static _ => Encoding.UTF8; // station names are often not ASCII
            EdgePipeline.ConfigureKestrel(kestrel, options);
            kestrel.ConfigureEndpointDefaults(listen => listen.Use(next =>
                ActivatorUtilities.CreateInstance<IcecastConnectionMiddleware>(listen.ApplicationServices, next).OnConnectedAsync));
        });

        var app = builder.Build();
        StationServices.Start(app.Services);
        EdgePipeline.Use(app);
        StatusEndpoints.Map(app);
        AdminEndpoints.Map(app);
        ControlEndpoints.Map(app);
        NowPlayingEndpoints.Map(app);
        WebPageEndpoints.Map(app);
        MetricsEndpoints.Map(app);
        ReportEndpoints.Map(app, options);
        ListenerEndpoints.Map(app);
        return app;
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
