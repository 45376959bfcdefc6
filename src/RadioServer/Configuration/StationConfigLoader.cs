using RadioServer.Playout.Schedule;

namespace RadioServer.Configuration;

/// <summary>
/// Binds (through <see cref="SettingsReader"/>) and validates the <c>station</c> section. Every problem is collected and reported at once, each with
/// the file:line:column of the offending key when it came from the YAML file. A schedule named by
/// <c>station.schedule</c> is validated too, and its errors listed with the station's.
/// </summary>
public static partial class StationConfigLoader
{
    public const string Section = "station";

    /// <summary>The config file used when <c>--config</c> is not given.</summary>
    public const string DefaultConfigPath = "config/station.yaml";

    public static StationOptions Load(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var yaml = (configuration as IConfigurationRoot)?.Providers.OfType<YamlConfigurationProvider>().LastOrDefault();
        var settings = SettingsReader.Collect(configuration, Section);
        var errors = new List<string>();
        var options = settings.Bind<StationOptions>(Section, errors);
        Validate(options, settings.Where, errors);

        string baseDir = yaml is null ? Directory.GetCurrentDirectory() : Path.GetDirectoryName(Path.GetFullPath(yaml.FilePath))!;
        string schedule = options.Schedule.Length > 0 ? Path.GetFullPath(Path.Combine(baseDir, options.Schedule)) : "";
        if (schedule.Length > 0)
        {
            try
            {
                _ = ScheduleLoader.Load(schedule);
            }
            catch (ScheduleFileException e)
            {
                errors.AddRange(e.Errors);
            }
        }

        var tls = ResolveTls(options.Tls, baseDir);
        CheckTls(tls, options, settings.Where, errors);
        if (errors.Count > 0)
        {
            throw new ConfigurationFileException(string.Join(Environment.NewLine, errors));
        }

        // Secrets: the environment wins over the file, so passwords need not be written into config files.
        options = options with
        {
            AdminPassword = Environment.GetEnvironmentVariable("RADIOSERVER_ADMIN_PASSWORD") is { Length: > 0 } admin ? admin : options.AdminPassword,
            SourcePassword = Environment.GetEnvironmentVariable("RADIOSERVER_SOURCE_PASSWORD") is { Length: > 0 } source ? source : options.SourcePassword,
            RelayPassword = Environment.GetEnvironmentVariable("RADIOSERVER_RELAY_PASSWORD") is { Length: > 0 } relay ? relay : options.RelayPassword,
        };
        return options with
        {
            Tls = tls,
            Push = [.. options.Push.Select(p => p.CaCertificate.Length > 0 ? p with { CaCertificate = Path.GetFullPath(Path.Combine(baseDir, p.CaCertificate)) } : p)],
            Playlist = Path.GetFullPath(Path.Combine(baseDir, options.Playlist)),
            AccessLog = options.AccessLog.Length == 0 ? "" : Path.GetFullPath(Path.Combine(baseDir, options.AccessLog)),
            Database = options.Database.Length == 0 ? "" : Path.GetFullPath(Path.Combine(baseDir, options.Database)),
            DataFolder = Path.GetFullPath(Path.Combine(baseDir, options.DataFolder)),
            Schedule = schedule,
            HistoryCsv = options.HistoryCsv.Length > 0 ? Path.GetFullPath(Path.Combine(baseDir, options.HistoryCsv)) : "",
        };
    }

    private static void Validate(StationOptions o, Func<string, string> where, List<string> errors)
    {
        void Check(bool ok, string key, string message)
        {
            if (!ok)
            {
                errors.Add($"{where(key)}: {message}");
            }
        }

        Check(!string.IsNullOrWhiteSpace(o.Name), "station:name", "the station needs a name");
        Check(o.SampleRate is >= 8000 and <= 48000, "station:samplerate", $"sample_rate {o.SampleRate} is not between 8000 and 48000");
        Check(o.Channels is 1 or 2, "station:channels", $"channels must be 1 or 2, not {o.Channels}");
        Check(o.BlockMilliseconds is >= 5 and <= 1000, "station:blockmilliseconds", "block_milliseconds must be between 5 and 1000");
        Check(!string.IsNullOrWhiteSpace(o.Playlist), "station:playlist", "a playlist (file or folder) is required");
        Check(o.LoudnessTarget is >= -40 and <= -5, "station:loudnesstarget", $"loudness_target {o.LoudnessTarget} LUFS is not between -40 and -5");
        Check(o.UnanalysedGain is >= -40 and <= 12, "station:unanalysedgain", $"unanalysed_gain {o.UnanalysedGain} dB is not between -40 and 12");
        Check(o.TruePeakCeiling is >= -12 and <= 0, "station:truepeakceiling", $"true_peak_ceiling {o.TruePeakCeiling} dBTP is not between -12 and 0");
        Check(o.CodecHeadroom is null or (>= 0 and <= 6), "station:codecheadroom", $"codec_headroom {o.CodecHeadroom} dB is not between 0 and 6");
        Check(!string.IsNullOrWhiteSpace(o.DataFolder), "station:datafolder", "data_folder (where the analysis cache lives) is required");
        Check(o.AnalysisThreads is >= 0 and <= 256, "station:analysisthreads", "analysis_threads must be between 0 (automatic) and 256");
        Check(o.Mounts.Count > 0, "station:mounts", "at least one mount is required");
        Check(o.MaxListeners >= 0, "station:maxlisteners", "max_listeners must be 0 (no limit) or more");
        Check(o.MaxConnectionsPerIp >= 0, "station:maxconnectionsperip", "max_connections_per_ip must be 0 (no limit) or more");
        Check(o.MaxConnections >= 0, "station:maxconnections", "max_connections must be 0 (no limit) or more");
        Check(o.MaxSseSubscribers >= 0, "station:maxssesubscribers", "max_sse_subscribers must be 0 (no limit) or more");
        Check(o.AccessLogMaxBytes >= 0, "station:accesslogmaxbytes", "access_log_max_bytes must be 0 (never rotate) or more");
        Check(o.IpHashKey.Length is 0 or >= 16, "station:iphashkey", "ip_hash_key must be at least 16 characters (or empty: a random key in data_folder)");
        for (int i = 0; i < o.TrustedProxies.Count; i++)
        {
            Check(Safety.TrustedProxies.TryParse(o.TrustedProxies[i], out _), $"station:trustedproxies:{i}",
                $"trusted_proxies: '{o.TrustedProxies[i]}' is not an IP address or CIDR network (e.g. 127.0.0.1 or 10.0.0.0/8)");
        }
        Check(o.HeaderTimeoutSeconds is >= 1 and <= 300, "station:headertimeoutseconds", "header_timeout_seconds must be between 1 and 300");
        Check(IsTimeZone(o.TimeZone), "station:timezone", $"time_zone '{o.TimeZone}' is not a known IANA time zone (e.g. Africa/Lagos)");
        Check(o.RetentionDays is >= 1 and <= 3650, "station:retentiondays", "retention_days must be between 1 and 3650");
        Check(o.DeadAirSeconds is >= 0 and <= 3600, "station:deadairseconds", "dead_air_seconds must be between 0 (off) and 3600");
        RecordingsValidation.Validate(o, Check);
        HlsValidation.Validate(o.Hls, Check);
        double maxTransition = Playout.Transitions.TransitionSettings.MaxLength.TotalSeconds;
        foreach (var (key, value) in new[]
                 {
                     ("crossfade_seconds", o.Transitions.CrossfadeSeconds), ("fade_in_seconds", o.Transitions.FadeInSeconds),
                     ("fade_out_seconds", o.Transitions.FadeOutSeconds), ("break_fade_seconds", o.Transitions.BreakFadeSeconds),
                 })
        {
            Check(value >= 0 && value <= maxTransition, $"station:transitions:{key.Replace("_", "", StringComparison.Ordinal)}",
                $"transitions {key} must be between 0 and {maxTransition:0}, not {value}");
        }

        ValidateWebhooks(o, where, errors);
        var paths = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < o.Push.Count; i++)
        {
            var p = o.Push[i];
            Check(o.Mounts.Any(m => m.Path == p.Mount), $"station:push:{i}:mount", $"push mount '{p.Mount}' is not one of the station's mounts");
            Check(Uri.TryCreate(p.Url, UriKind.Absolute, out var u) && u.Scheme is "http" or "https" && u.AbsolutePath.Length > 1, $"station:push:{i}:url", $"push url '{p.Url}' must be http://host:port/mount or https://host:port/mount");
        }

        var yp = o.Directories;
        for (int i = 0; i < yp.YpUrls.Count; i++)
        {
            Check(Uri.TryCreate(yp.YpUrls[i], UriKind.Absolute, out var u) && u.Scheme is "http" or "https", $"station:directories:ypurls:{i}", $"directory url '{yp.YpUrls[i]}' must be http://… or https://… (e.g. http://dir.xiph.org/cgi-bin/yp-cgi)");
        }

        Check(yp.PublicUrl.Length == 0 || (Uri.TryCreate(yp.PublicUrl, UriKind.Absolute, out var pu) && pu.Scheme is "http" or "https" && pu.Query.Length == 0), "station:directories:publicurl", $"public_url '{yp.PublicUrl}' must be http://host:port or https://host:port (or empty)");
        Check(yp.TimeoutSeconds is >= 1 and <= 60, "station:directories:timeoutseconds", "directories timeout_seconds must be between 1 and 60");
        Check(yp.MinTouchSeconds is >= 1 and <= 3600, "station:directories:mintouchseconds", "directories min_touch_seconds must be between 1 and 3600");
        Check(yp.TouchIntervalSeconds >= yp.MinTouchSeconds && yp.TouchIntervalSeconds <= 86400, "station:directories:touchintervalseconds", "directories touch_interval_seconds must be between min_touch_seconds and 86400");
        Check(yp.RetrySeconds is >= 1 and <= 86400, "station:directories:retryseconds", "directories retry_seconds must be between 1 and 86400");
        Check(yp.MaxRetrySeconds >= yp.RetrySeconds && yp.MaxRetrySeconds <= 86400, "station:directories:maxretryseconds", "directories max_retry_seconds must be between retry_seconds and 86400");

        if (o.Live.Mount.Length > 0)
        {
            Check(o.Live.Mount.StartsWith('/') && o.Live.Mount.Length > 1, "station:live:mount", $"live mount '{o.Live.Mount}' must start with '/'");
            Check(!o.Mounts.Any(m => m.Path == o.Live.Mount), "station:live:mount", $"live mount '{o.Live.Mount}' is also a listener mount");
            Check(o.Live.CrossfadeMilliseconds is >= 0 and <= 10000, "station:live:crossfademilliseconds", "crossfade_milliseconds must be between 0 and 10000");
            Check(o.Live.PrebufferMilliseconds is >= 0 and <= 5000, "station:live:prebuffermilliseconds", "prebuffer_milliseconds must be between 0 and 5000");
            Check(o.Live.SilenceSeconds is > 0 and <= 3600, "station:live:silenceseconds", "silence_seconds must be between 0 and 3600");
            Check(o.Live.SourceTimeoutSeconds is > 0 and <= 600, "station:live:sourcetimeoutseconds", "source_timeout_seconds must be between 0 and 600");
            for (int i = 0; i < o.Live.Presenters.Count; i++)
            {
                var p = o.Live.Presenters[i];
                Check(p.User.Length > 0 && p.Password.Length > 0, $"station:live:presenters:{i}", "a presenter needs a user and a password");
            }
        }

        for (int i = 0; i < o.Mounts.Count; i++)
        {
            var m = o.Mounts[i];
            string k = $"station:mounts:{i}";
            Check(m.Path.StartsWith('/') && m.Path.Length > 1 && !m.Path.Contains('?', StringComparison.Ordinal), $"{k}:path", $"mount path '{m.Path}' must start with '/'");
            Check(paths.Add(m.Path), $"{k}:path", $"mount path '{m.Path}' is declared twice");
            Check(!(m.Hidden && m.Public == true), $"{k}:public", $"mount '{m.Path}' is hidden and cannot be public");
            if (m.IsOgg)
            {
                Check(m.Bitrate is >= 6 and <= 510, $"{k}:bitrate", $"bitrate {m.Bitrate} kbps is not between 6 and 510 (Opus)");
                Check(m.SampleRate == 48000, $"{k}:samplerate", "Opus mounts run at 48000 Hz");
            }
            else
            {
                Check(m.Bitrate is >= 8 and <= 320, $"{k}:bitrate", $"bitrate {m.Bitrate} kbps is not between 8 and 320");
                Check(m.SampleRate is 8000 or 11025 or 12000 or 16000 or 22050 or 24000 or 32000 or 44100 or 48000, $"{k}:samplerate", $"{m.SampleRate} Hz is not an MP3 sample rate");
            }

            Check(m.MaxListeners >= 0, $"{k}:maxlisteners", "max_listeners must be 0 (no limit) or more");
            Check(m.Channels is 1 or 2, $"{k}:channels", $"channels must be 1 or 2, not {m.Channels}");
            Check(m.Quality is >= 0 and <= 9, $"{k}:quality", "quality must be 0 (best) to 9 (fastest)");
            Check(m.MetaInt is >= 256 and <= 65536, $"{k}:metaint", "metaint must be between 256 and 65536 bytes");
            Check(m.BurstSeconds is >= 0 and <= 60, $"{k}:burstseconds", "burst_seconds must be between 0 and 60");
            Check(m.QueueSeconds > m.BurstSeconds && m.QueueSeconds <= 600, $"{k}:queueseconds", "queue_seconds must exceed burst_seconds and be at most 600");
            Check(m.ChunkMilliseconds is >= 20 and <= 2000, $"{k}:chunkmilliseconds", "chunk_milliseconds must be between 20 and 2000");
            Check(m.WriteIntervalMilliseconds is >= 10 and <= 5000, $"{k}:writeintervalmilliseconds", "write_interval_milliseconds must be between 10 and 5000");
        }
    }

    /// <summary>TLS file paths made absolute (relative to the config file); the password from the environment wins.</summary>
    private static TlsOptions ResolveTls(TlsOptions tls, string baseDir) => tls with
    {
        Certificate = tls.Certificate.Length > 0 ? Path.GetFullPath(Path.Combine(baseDir, tls.Certificate)) : "",
        Key = tls.Key.Length > 0 ? Path.GetFullPath(Path.Combine(baseDir, tls.Key)) : "",
        Password = Environment.GetEnvironmentVariable("RADIOSERVER_TLS_PASSWORD") is { Length: > 0 } password ? password : tls.Password,
    };

    private static void CheckTls(TlsOptions tls, StationOptions o, Func<string, string> where, List<string> errors)
    {
        foreach (string address in tls.HttpsListen.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(address.Replace("*", "0.0.0.0", StringComparison.Ordinal).Replace("+", "0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var u) || u.Scheme != "https")
            {
                errors.Add($"{where("station:tls:httpslisten")}: https_listen '{address}' must be https://address:port");
            }
        }

        bool anyHttps = tls.HttpsListen.Length > 0 || o.Listen.Contains("https://", StringComparison.OrdinalIgnoreCase);
        if (anyHttps && !tls.HasCertificate)
        {
            errors.Add($"{where(tls.HttpsListen.Length > 0 ? "station:tls:httpslisten" : "station:listen")}: an https:// address needs a certificate (tls certificate and key)");
        }

        if (!tls.HasCertificate)
        {
            if (tls.Key.Length > 0)
            {
                errors.Add($"{where("station:tls:key")}: tls key is set but tls certificate is not");
            }

            return;
        }

        try
        {
            _ = CertificateFiles.Load(tls.Certificate, tls.Key, tls.Password, TimeProvider.System.GetUtcNow());
        }
        catch (InvalidDataException e)
        {
            errors.Add($"{where("station:tls:certificate")}: {e.Message}");
        }
    }

    private static bool IsTimeZone(string id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return false;
        }

        try
        {
            _ = TimeZoneInfo.FindSystemTimeZoneById(id);
            return true;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return false;
        }
    }
}
