using System.Text;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using RadioServer.Api;
using RadioServer.Configuration;
using RadioServer.Connections;
using RadioServer.Connections.Transport;
using RadioServer.Hls;
using RadioServer.Icecast;
using RadioServer.Podcasts;
using RadioServer.Tls;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
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

        // --urls / ASPNETCORE_URLS win; otherwise the station's own listen address; plus tls.https_listen.
        string urls = builder.Configuration["urls"] is { Length: > 0 } given ? given : options.Listen;
        var addresses = ListenAddresses(urls, options.Tls);
        bool https = addresses.Any(a => a.Https);
        if (https)
        {
            options = options with { Tls = WithKestrelDefaultCertificate(options.Tls, builder.Configuration) };
            builder.WebHost.UseSetting(WebHostDefaults.ServerUrlsKey, ""); // bound below, TLS before the Icecast middleware
        }
        else if (string.IsNullOrEmpty(builder.Configuration["urls"]))
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

        builder.WebHost.UseSockets(EdgePipeline.ConfigureSockets);
        builder.Services.AddSingleton<IConnectionListenerFactory, StationSocketTransport>(); // registered last: Kestrel asks it first
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.ResponseHeaderEncodingSelector = static _ => Encoding.UTF8; // station names are often not ASCII
            EdgePipeline.ConfigureKestrel(kestrel, options);
            static Func<ConnectionDelegate, ConnectionDelegate> Icecast(ListenOptions listen) => next =>
                ActivatorUtilities.CreateInstance<IcecastConnectionMiddleware>(listen.ApplicationServices, next).OnConnectedAsync;
            kestrel.ConfigureEndpointDefaults(listen => listen.Use(Icecast(listen)));
            if (https)
            {
                StationEndpoints.Bind(kestrel, addresses, Icecast);
            }
        });

        var app = builder.Build();
        StationServices.Start(app.Services);
        EdgePipeline.Use(app, options);
        StatusEndpoints.Map(app);
        AdminEndpoints.Map(app);
        ControlEndpoints.Map(app);
        NowPlayingEndpoints.Map(app);
        WebPageEndpoints.Map(app);
        MetricsEndpoints.Map(app);
        ReportEndpoints.Map(app, options);
        PodcastEndpoints.Map(app);
        HlsEndpoints.Map(app);
        ListenerEndpoints.Map(app);
        return app;
    }

    private static IReadOnlyList<ListenAddress> ListenAddresses(string urls, TlsOptions tls)
    {
        try
        {
            return ListenAddress.ParseAll(tls.HttpsListen.Length > 0 ? $"{urls};{tls.HttpsListen}" : urls);
        }
        catch (FormatException e)
        {
            throw new ConfigurationFileException($"listen address: {e.Message}");
        }
    }

    /// <summary>
    /// An https:// address without <c>station.tls.certificate</c> uses ASP.NET Core's usual default certificate settings
    /// (<c>Kestrel:Certificates:Default:Path</c>, <c>KeyPath</c>, <c>Password</c>), reloaded the same way.
    /// </summary>
    private static TlsOptions WithKestrelDefaultCertificate(TlsOptions tls, ConfigurationManager configuration)
    {
        if (tls.HasCertificate)
        {
            return tls;
        }

        var section = configuration.GetSection("Kestrel:Certificates:Default");
        string path = section["Path"] ?? "";
        if (path.Length == 0)
        {
            throw new ConfigurationFileException("an https:// address needs a certificate: set station.tls.certificate (and key), or Kestrel:Certificates:Default:Path");
        }

        string key = section["KeyPath"] ?? "";
        var resolved = tls with { Certificate = Path.GetFullPath(path), Key = key.Length > 0 ? Path.GetFullPath(key) : "", Password = section["Password"] ?? tls.Password };
        try
        {
            _ = CertificateFiles.Load(resolved.Certificate, resolved.Key, resolved.Password, TimeProvider.System.GetUtcNow());
        }
        catch (InvalidDataException e)
        {
            throw new ConfigurationFileException($"Kestrel:Certificates:Default: {e.Message}");
        }

        return resolved;
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
