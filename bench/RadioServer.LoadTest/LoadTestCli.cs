using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.Globalization;

namespace RadioServer.LoadTest;

/// <summary>
/// The command line (System.CommandLine). Exit codes: 0 every listener streamed to the end with valid metadata and
/// unbroken MPEG framing, 1 anything else went wrong, 2 misuse of the command line.
/// </summary>
internal static class LoadTestCli
{
    /// <summary>Set by Program.cs before the first socket (see there).</summary>
    public const string InlineCompletionsVariable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    public const int UsageError = 2;

    public static async Task<int> InvokeAsync(string[] args)
    {
        var port = new Option<int>("--port", "-p") { Description = "The server's TCP port.", HelpName = "port", DefaultValueFactory = static _ => 8000 };
        var host = new Option<string>("--host") { Description = "The server's address; only 127.x.x.x is accepted.", HelpName = "127.x.x.x", DefaultValueFactory = static _ => "127.0.0.1" };
        var mount = new Option<string>("--mount", "-m") { Description = "The mount to request.", HelpName = "path", DefaultValueFactory = static _ => "/stream.mp3" };
        var listeners = new Option<int>("--listeners", "-n") { Description = "Listener connections to open (1 to 60000).", HelpName = "N", Required = true };
        var ramp = new Option<double>("--ramp") { Description = "New connections per second (0: all at once).", HelpName = "per-second", DefaultValueFactory = static _ => 200, CustomParser = InvariantDouble };
        var duration = new Option<int>("--duration", "-d") { Description = "Seconds every connection is held after the ramp.", HelpName = "seconds", DefaultValueFactory = static _ => 45 };
        var icy = new Option<bool>("--icy") { Description = "Ask for ICY metadata (Icy-MetaData: 1), strip and validate every block." };
        var pid = new Option<int?>("--pid") { Description = "The server's process id: CPU and RSS sampled from /proc.", HelpName = "pid" };
        var bitrate = new Option<int?>("--bitrate-kbps") { Description = "Expected bitrate for the throughput figure (default: the icy-br header).", HelpName = "kbps" };
        var json = new Option<bool>("--json") { Description = "Print the report as one JSON object (progress still goes to stderr)." };
        var probe = new Option<string?>("--title-probe")
        {
            Description = "Admin URL with credentials requested in the middle of the hold, e.g. "
                          + "'http://admin:pw@127.0.0.1:8000/admin/metadata?mount=/stream.mp3&mode=updinfo&song=LoadTest-<random>' "
                          + "(<random> becomes a random token); reports how long each listener took to see the new title.",
            HelpName = "url",
        };
        var spread = new Option<bool>("--source-address-spread") { Description = "Bind the clients to 127.0.0.1 … 127.0.0.254 in turn (false: the kernel's choice).", DefaultValueFactory = static _ => true };
        var timeout = new Option<int>("--timeout") { Description = "Seconds allowed for connect plus response head.", HelpName = "seconds", DefaultValueFactory = static _ => 15 };

        var root = new RootCommand("RadioServer's listener load tester: N listeners on a loopback station, held, then a report.")
        {
            port, host, mount, listeners, ramp, duration, icy, pid, bitrate, json, probe, spread, timeout,
        };
        Validate(port, static v => v is < 1 or > 65535, "--port must be between 1 and 65535.");
        Validate(host, static v => Loopback.Parse(v ?? "") is null, "--host must be a 127.x.x.x address; only loopback is load-tested.");
        Validate(mount, static v => v is not ['/', ..] || v.Any(static c => c <= ' ' || c >= 127), "--mount must start with '/' and be printable ASCII without spaces (percent-encode the rest).");
        Validate(listeners, static v => v is < 1 or > 60000, "--listeners must be between 1 and 60000.");
        Validate(ramp, static v => v is < 0 or double.NaN, "--ramp must be 0 or more.");
        Validate(duration, static v => v is < 1 or > 3600, "--duration must be between 1 and 3600 seconds.");
        Validate(bitrate, static v => v is < 8 or > 640, "--bitrate-kbps must be between 8 and 640.");
        Validate(timeout, static v => v is < 1 or > 300, "--timeout must be between 1 and 300 seconds.");
        Validate(pid, static v => v is { } p && (p <= 0 || !Directory.Exists($"/proc/{p}")), "--pid: no such process in /proc.");
        Validate(probe, static v => v is not null && TitleProbe.Create(v, "0") is null,
            "--title-probe must be an http:// URL on a 127.x.x.x address with user:password@ and a song= (or artist= and title=) parameter.");
        root.Validators.Add(result =>
        {
            if (result.GetValue(probe) is not null && !result.GetValue(icy))
            {
                result.AddError("--title-probe needs --icy (titles arrive in ICY metadata).");
            }
        });
        root.SetAction(async (parse, cancellationToken) =>
        {
            var options = new LoadTestOptions(
                Loopback.Parse(parse.GetValue(host)!)!,
                parse.GetValue(port),
                parse.GetValue(mount)!,
                parse.GetValue(listeners),
                parse.GetValue(ramp),
                parse.GetValue(duration),
                parse.GetValue(icy),
                parse.GetValue(pid),
                parse.GetValue(bitrate),
                parse.GetValue(json),
                parse.GetValue(probe),
                parse.GetValue(spread),
                parse.GetValue(timeout));
            if (await new LoadTestRunner(options, Console.Error).RunAsync(cancellationToken) is not { } report)
            {
                return 1;
            }

            if (options.Json)
            {
                report.WriteJson(Console.OpenStandardOutput());
            }
            else
            {
                report.WriteText(Console.Out);
            }

            return report.Passed ? 0 : 1;
        });
        var parse = root.Parse(args);
        if (parse.Action is ParseErrorAction parseError)
        {
            parseError.ShowHelp = false;
        }

        // Ctrl+C cancels the run, which then stops every listener and still prints its report: give it time for that.
        int code = await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(30) });
        if (parse.Action is ParseErrorAction)
        {
            await Console.Error.WriteLineAsync("See 'RadioServer.LoadTest --help'.");
            return UsageError;
        }

        return code;
    }

    private static void Validate<T>(Option<T> option, Func<T?, bool> invalid, string message) =>
        option.Validators.Add(result =>
        {
            T? value;
            try
            {
                value = result.GetValueOrDefault<T>();
            }
            catch (InvalidOperationException)
            {
                return; // the value did not parse, and that error is already reported
            }

            if (invalid(value))
            {
                result.AddError(message);
            }
        });

    /// <summary>Numbers in the invariant culture (System.CommandLine's own conversion follows the current one).</summary>
    private static double InvariantDouble(ArgumentResult result)
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
        {
            return value;
        }

        result.AddError($"Cannot parse '{text}' as a number (write it like 200 or 0.5).");
        return 0;
    }
}
