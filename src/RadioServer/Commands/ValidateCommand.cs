using System.CommandLine;
using RadioServer.Configuration;
using RadioServer.Playout.Schedule;

namespace RadioServer.Commands;

/// <summary>
/// <c>validate</c>: checks the station and schedule files, every error listed as <c>file:line:column: message</c>;
/// exit 0 when both are good, 1 on any error. Needs neither LAME nor a port.
/// </summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var config = CommonOptions.Config();
        var command = new Command("validate", "Check station.yaml and its schedule; every error as file:line:column: message (exit 1 on any). Takes --station:key=value overrides.")
        {
            config,
        };
        command.SetAction(parse =>
        {
            var overrides = ConfigurationOverrides.Read(parse);
            if (overrides is null)
            {
                return RadioServerCli.UsageError;
            }

            var configuration = StationConfigReader.Build(parse.GetValue(config)!, overrides);
            return Run(configuration.Providers.OfType<YamlConfigurationProvider>().Last().FilePath, configuration,
                parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
        });
        return command;
    }

    private static int Run(string file, Microsoft.Extensions.Configuration.IConfigurationRoot configuration, TextWriter output, TextWriter errors)
    {
        if (!StationConfigReader.TryLoad(configuration, errors, out var options))
        {
            return 1;
        }

        output.WriteLine($"{StationConfigReader.Relative(file)}: OK ({options.Name}, {options.Mounts.Count} mount(s))");
        if (options.Schedule.Length == 0)
        {
            output.WriteLine($"no schedule (station.schedule is empty): the playlist {StationConfigReader.Relative(options.Playlist)} plays in order");
            return 0;
        }

        var schedule = ScheduleLoader.Load(options.Schedule);
        var catalog = TrackCatalog.Load(schedule);
        foreach (var missing in catalog.Missing)
        {
            output.WriteLine($"warning: {missing} (left out)");
        }

        var counts = schedule.Playlists.Keys.Select(p => $"{p} {catalog.TracksOf(p).Count}");
        output.WriteLine($"{StationConfigReader.Relative(options.Schedule)}: OK (zone {schedule.Zone.Id}; tracks: {string.Join(", ", counts)}; "
                         + $"{schedule.Dayparts.Count} daypart(s), {schedule.Overrides.Count} override(s), {schedule.Inserts.Count} insert(s))");
        return 0;
    }
}
