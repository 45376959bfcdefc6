using System.CommandLine;
using System.Net.Http.Headers;
using RadioServer.Configuration;

namespace RadioServer.Commands;

/// <summary>
/// <c>queue</c>, <c>request --track …</c> and <c>skip</c>: the control API of a running station, from the command line.
/// The address and token come from <c>--url</c>/<c>--token</c>, else from the station config (listen address,
/// <c>control_token</c>, which the environment can supply as <c>station__control_token</c>).
/// </summary>
public static class ControlCommands
{
    /// <summary>Runs a control command line (<c>queue …</c>, <c>request …</c>, <c>skip …</c>); returns the process exit code (0 when the station accepted it).</summary>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter errors, HttpMessageHandler? handler = null) =>
        RadioServerCli.InvokeAsync(args, output, errors, handler: handler);

    /// <summary>The three commands, talking through <paramref name="handler"/> (tests) or a fresh HTTP client.</summary>
    internal static IEnumerable<Command> Create(HttpMessageHandler? handler)
    {
        yield return Create("queue", "Show what is on air (and why) and the requests waiting.", handler, track: null);
        yield return Create("skip", "Fade out the item on air; the next starts at once.", handler, track: null);
        var track = new Option<string>("--track")
        {
            Description = "A track of the schedule's playlists: full path, file name, or name without .mp3.",
            HelpName = "name",
            Required = true,
        };
        yield return Create("request", "Queue a track; it plays after any due insert or station ID.", handler, track);
    }

    private static Command Create(string name, string description, HttpMessageHandler? handler, Option<string>? track)
    {
        var config = CommonOptions.Config();
        var url = new Option<string>("--url") { Description = "The station's address (default: station.listen from the config).", HelpName = "url" };
        var token = new Option<string>("--token") { Description = "The control token (default: station.control_token, or station__control_token in the environment).", HelpName = "token" };
        var command = new Command(name, description) { url, token, config };
        if (track is not null)
        {
            command.Options.Insert(0, track);
        }

        command.SetAction((parse, cancellationToken) =>
        {
            var overrides = ConfigurationOverrides.Read(parse);
            if (overrides is null)
            {
                return Task.FromResult(RadioServerCli.UsageError);
            }

            string path = Path.GetFullPath(parse.GetValue(config)!);
            var configuration = new ConfigurationBuilder().Add(new YamlConfigurationSource(path, optional: true))
                .AddEnvironmentVariables().AddCommandLine(overrides).Build();
            var station = SettingsReader.Collect(configuration, StationConfigLoader.Section);
            string address = (parse.GetValue(url) ?? station["station:listen"] ?? "http://127.0.0.1:8000").Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal);
            string secret = parse.GetValue(token) ?? station["station:control_token"] ?? "";
            string relative = track is null ? $"/api/{name}" : $"/api/requests?track={Uri.EscapeDataString(parse.GetValue(track) ?? "")}";
            return SendAsync(handler, address, secret, name == "queue" ? HttpMethod.Get : HttpMethod.Post, relative,
                parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, cancellationToken);
        });
        return command;
    }

    private static async Task<int> SendAsync(HttpMessageHandler? handler, string address, string token, HttpMethod method, string relative,
        TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        if (token.Length == 0)
        {
            await errors.WriteLineAsync("no control token: pass --token or set station.control_token (e.g. station__control_token=…)").ConfigureAwait(false);
            return 1;
        }

        using var http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        http.BaseAddress = new Uri(address);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var request = new HttpRequestMessage(method, new Uri(relative, UriKind.Relative));
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        string body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        await (response.IsSuccessStatusCode ? output : errors).WriteLineAsync($"{(int)response.StatusCode} {response.ReasonPhrase}: {body}").ConfigureAwait(false);
        return response.IsSuccessStatusCode ? 0 : 1;
    }
}
