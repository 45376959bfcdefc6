using System.Globalization;
using Microsoft.Extensions.Configuration;
using RadioServer.Configuration;
using RadioServer.Playout.Schedule;

namespace RadioServer.Commands;

/// <summary>
/// The operator's sub-commands: <c>validate</c> (check the station and schedule files, every error listed, exit 1 on
/// any) and <c>schedule</c> (print the running order the real scheduler produces on virtual time, with real file
/// durations). Neither needs LAME nor opens a port.
/// </summary>
public static class StationCommands
{
    /// <summary>Whether <paramref name="args"/> start with a sub-command this class runs.</summary>
    public static bool Handles(string[] args) => args is ["validate" or "schedule", ..];

    /// <summary>Runs the sub-command in <paramref name="args"/>[0]; returns the process exit code.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter errors)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(errors);
        var configuration = BuildConfiguration(args[1..]);
        return args[0] == "validate" ? Validate(configuration, output, errors) : Schedule(configuration, output, errors);
    }

    private static IConfigurationRoot BuildConfiguration(string[] args)
    {
        var cli = new ConfigurationBuilder().AddCommandLine(args).Build();
        string path = Path.GetFullPath(cli["config"] ?? StationConfigLoader.DefaultConfigPath);
        return new ConfigurationBuilder().Add(new YamlConfigurationSource(path, optional: false)).AddCommandLine(args).Build();
    }

    /// <summary>Loads and validates the station config; on failure writes every error (file:line:column) and returns false.</summary>
    private static bool TryLoad(IConfigurationRoot configuration, TextWriter errors, out StationOptions options)
    {
        try
        {
            options = StationConfigLoader.Load(configuration);
            return true;
        }
        catch (ConfigurationFileException e)
        {
            errors.WriteLine(e.Message);
            options = null!;
            return false;
        }
    }

    private static int Validate(IConfigurationRoot configuration, TextWriter output, TextWriter errors)
    {
        if (!TryLoad(configuration, errors, out var options))
        {
            return 1;
        }

        string file = configuration.Providers.OfType<YamlConfigurationProvider>().Last().FilePath;
        output.WriteLine($"{Relative(file)}: OK ({options.Name}, {options.Mounts.Count} mount(s))");
        if (options.Schedule.Length == 0)
        {
            output.WriteLine($"no schedule (station.schedule is empty): the playlist {Relative(options.Playlist)} plays in order");
            return 0;
        }

        var schedule = ScheduleLoader.Load(options.Schedule);
        var catalog = TrackCatalog.Load(schedule);
        foreach (var missing in catalog.Missing)
        {
            output.WriteLine($"warning: {missing} (left out)");
        }

        var counts = schedule.Playlists.Keys.Select(p => $"{p} {catalog.TracksOf(p).Count}");
        output.WriteLine($"{Relative(options.Schedule)}: OK (zone {schedule.Zone.Id}; tracks: {string.Join(", ", counts)}; "
                         + $"{schedule.Dayparts.Count} daypart(s), {schedule.Overrides.Count} override(s), {schedule.Inserts.Count} insert(s))");
        return 0;
    }

    private static int Schedule(IConfigurationRoot configuration, TextWriter output, TextWriter errors)
    {
        if (!TryLoad(configuration, errors, out var options))
        {
            return 1;
        }

        if (options.Schedule.Length == 0)
        {
            errors.WriteLine("station.schedule is not set: there is no schedule to run");
            return 1;
        }

        int seed = int.TryParse(configuration["seed"], CultureInfo.InvariantCulture, out int s) ? s : 234;
        var scheduler = Scheduler.FromFile(options.Schedule, random: new Random(seed));
        var zone = scheduler.Schedule.Zone;
        if (!TryParseFrom(configuration["from"], zone, out var from)
            || !double.TryParse(configuration["hours"] ?? "1", CultureInfo.InvariantCulture, out double hours) || hours <= 0 || hours > 24 * 31)
        {
            errors.WriteLine("usage: schedule --from \"yyyy-MM-dd HH:mm\" (station time) --hours N [--seed N] [--config station.yaml]");
            return 1;
        }

        var order = ScheduleSimulator.Run(scheduler, new ProbeDurationSource(), from, from.AddHours(hours), options.Transitions.ToSettings());
        RunningOrderPrinter.Print(output, options.Name, zone, from, hours, order);
        return 0;
    }

    private static bool TryParseFrom(string? text, TimeZoneInfo zone, out DateTimeOffset from)
    {
        from = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        if (DateTime.TryParseExact(text, ["yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss"],
                CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            // A wall-clock time in the station zone; one that does not exist (spring forward) moves to the next valid one.
            while (zone.IsInvalidTime(local))
            {
                local = local.AddMinutes(1);
            }

            from = new DateTimeOffset(local, zone.GetUtcOffset(local));
            return true;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out from);
    }

    private static string Relative(string path) => Path.GetRelativePath(Directory.GetCurrentDirectory(), path);
}
