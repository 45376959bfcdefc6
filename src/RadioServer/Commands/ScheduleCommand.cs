using System.CommandLine;
using System.Globalization;
using RadioServer.Playout.Schedule;

namespace RadioServer.Commands;

/// <summary>
/// <c>schedule --from "yyyy-MM-dd HH:mm" --hours N</c>: prints the running order the real scheduler produces on
/// virtual time, with real file durations. Exit 0, or 1 when the config is bad or <c>--from</c>/<c>--hours</c> are missing or out of range.
/// </summary>
internal static class ScheduleCommand
{
    private const string Usage = "usage: schedule --from \"yyyy-MM-dd HH:mm\" (station time) --hours N (at most 744, or 8784 with --summary) [--summary] [--seed N] [--config station.yaml]";

    public static Command Create()
    {
        var config = CommonOptions.Config();
        var from = new Option<string>("--from") { Description = "Start, in station wall-clock time: \"yyyy-MM-dd HH:mm[:ss]\" (or an ISO time with offset).", HelpName = "time" };
        var hours = new Option<double>("--hours") { Description = "How many hours to run (more than 0, at most 744; with --summary at most 8784).", HelpName = "N", DefaultValueFactory = static _ => 1, CustomParser = CommonOptions.InvariantDouble };
        var seed = new Option<int>("--seed") { Description = "Seed for the shuffles, to repeat a run.", HelpName = "N", DefaultValueFactory = static _ => 234 };
        var summary = new Option<bool>("--summary") { Description = "Print per-day counts (inserts, IDs, late starts, worst lateness) instead of every item." };
        var command = new Command("schedule", "Print the running order the scheduler would produce (virtual time, real file lengths). Takes --station:key=value overrides.")
        {
            from, hours, seed, summary, config,
        };
        command.SetAction(parse =>
        {
            var overrides = ConfigurationOverrides.Read(parse);
            if (overrides is null)
            {
                return RadioServerCli.UsageError;
            }

            var configuration = StationConfigReader.Build(parse.GetValue(config)!, overrides);
            var errors = parse.InvocationConfiguration.Error;
            if (!StationConfigReader.TryLoad(configuration, errors, out var options))
            {
                return 1;
            }

            if (options.Schedule.Length == 0)
            {
                errors.WriteLine("station.schedule is not set: there is no schedule to run");
                return 1;
            }

            var scheduler = Scheduler.FromFile(options.Schedule, random: new Random(parse.GetValue(seed)));
            var zone = scheduler.Schedule.Zone;
            double span = parse.GetValue(hours);
            bool perDay = parse.GetValue(summary);
            if (!TryParseFrom(parse.GetValue(from), zone, out var start) || span <= 0 || span > (perDay ? 24 * 366 : 24 * 31))
            {
                errors.WriteLine(Usage);
                return 1;
            }

            var order = ScheduleSimulator.Run(scheduler, new ProbeDurationSource(), start, start.AddHours(span), options.Transitions.ToSettings());
            if (perDay)
            {
                var days = ScheduleSummary.ByDay(order.Where(e => e.Start < start.AddHours(span)).ToList(), scheduler.Schedule);
                ScheduleSummaryPrinter.Print(parse.InvocationConfiguration.Output, options.Name, zone, start, span, days);
                return 0;
            }

            RunningOrderPrinter.Print(parse.InvocationConfiguration.Output, options.Name, zone, start, span, order);
            return 0;
        });
        return command;
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
}
