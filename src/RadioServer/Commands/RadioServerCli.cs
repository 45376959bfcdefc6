using System.CommandLine;
using System.CommandLine.Invocation;

namespace RadioServer.Commands;

/// <summary>
/// The command line (System.CommandLine): the sub-commands, <c>--help</c> at every level, the <c>[suggest]</c>
/// completion directive, errors naming unknown options and commands. With no sub-command it runs the station and
/// hands the whole command line, untouched, to ASP.NET configuration (<c>--urls …</c>, <c>--station:name=X</c>).
/// Exit codes: 0 done, 1 the command failed (bad config, files that failed, the station refused), 2 misuse of the command line.
/// </summary>
public static class RadioServerCli
{
    /// <summary>The program's name in help and error messages.</summary>
    public const string Name = "RadioServer";

    /// <summary>Exit code for a command line that does not parse (unknown option or command, bad value).</summary>
    public const int UsageError = 2;

    /// <summary>Parses <paramref name="args"/> and runs the command; returns the process exit code.</summary>
    /// <param name="runStation">Runs the station with the full command line (default: the real station).</param>
    /// <param name="handler">HTTP handler for the control commands (tests); a fresh client when null.</param>
    public static async Task<int> InvokeAsync(string[] args, TextWriter output, TextWriter errors,
        Func<string[], TextWriter, Task<int>>? runStation = null, HttpMessageHandler? handler = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(errors);
        var root = Create(args, runStation ?? StationRunner.RunAsync, handler);
        // No response files: "@value" is an ordinary configuration value for ASP.NET, not a file to expand.
        var parse = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parse.Action is ParseErrorAction parseError)
        {
            parseError.ShowHelp = false;
        }

        var invocation = new InvocationConfiguration
        {
            Output = output,
            Error = errors,
            // The station's host owns Ctrl+C/SIGTERM and shuts down in its written order; no forced exit after a timeout.
            ProcessTerminationTimeout = null,
        };
        int code = await parse.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
        if (parse.Action is ParseErrorAction)
        {
            string command = parse.CommandResult.Command is RootCommand ? Name : $"{Name} {parse.CommandResult.Command.Name}";
            await errors.WriteLineAsync($"See '{command} --help'.").ConfigureAwait(false);
            return UsageError;
        }

        return code;
    }

    private static RootCommand Create(string[] args, Func<string[], TextWriter, Task<int>> runStation, HttpMessageHandler? handler)
    {
        // Declared for --help only: the station reads them (and every other --key) from the untouched command line.
        var config = CommonOptions.Config();
        var urls = new Option<string>("--urls") { Description = "Listen address(es), e.g. http://127.0.0.1:9000 (default: station.listen).", HelpName = "urls" };
        var root = new RootCommand("234Radio's RadioServer. Without a command it runs the station; any --section:key=value "
                                   + "(e.g. --station:name=\"My Radio\") overrides station.yaml.")
        {
            config, urls,
            ValidateCommand.Create(),
            ScheduleCommand.Create(),
            ScanCommand.Create(),
        };
        foreach (var command in ControlCommands.Create(handler))
        {
            root.Subcommands.Add(command);
        }

        // ASP.NET-style overrides (--station:key=value). System.CommandLine takes this from the root for every
        // sub-command, so each command checks its unmatched tokens itself (ConfigurationOverrides).
        root.TreatUnmatchedTokensAsErrors = false;
        root.SetAction(async (parse, _) =>
        {
            if (ConfigurationOverrides.Read(parse, anyKey: true) is null)
            {
                return UsageError;
            }

            return await runStation(args, parse.InvocationConfiguration.Error).ConfigureAwait(false);
        });
        return root;
    }
}
