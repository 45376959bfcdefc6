using System.Net.Http.Headers;
using Microsoft.Extensions.Configuration;
using RadioServer.Configuration;

namespace RadioServer.Commands;

/// <summary>
/// <c>queue</c>, <c>request --track …</c> and <c>skip</c>: the control API of a running station, from the command line.
/// The address and token come from <c>--url</c>/<c>--token</c>, else from the station config (listen address,
/// <c>control_token</c>, which the environment can supply as <c>station__control_token</c>).
/// </summary>
public static class ControlCommands
{
    /// <summary>Whether <paramref name="args"/> start with a control sub-command.</summary>
    public static bool Handles(string[] args) => args is ["queue" or "request" or "skip", ..];

    /// <summary>Runs the command against the station; returns the process exit code (0 when the station accepted it).</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter errors, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(errors);
        var cli = new ConfigurationBuilder().AddCommandLine(args[1..]).AddEnvironmentVariables().Build();
        string path = Path.GetFullPath(cli["config"] ?? StationConfigLoader.DefaultConfigPath);
        var config = new ConfigurationBuilder().Add(new YamlConfigurationSource(path, optional: true)).AddEnvironmentVariables().AddCommandLine(args[1..]).Build();
        string url = (cli["url"] ?? config["station:listen"] ?? "http://127.0.0.1:8000").Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal);
        string token = cli["token"] ?? config["station:controltoken"] ?? "";
        if (token.Length == 0)
        {
            await errors.WriteLineAsync("no control token: pass --token or set station.control_token (e.g. station__control_token=…)").ConfigureAwait(false);
            return 1;
        }

        using var http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        http.BaseAddress = new Uri(url);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = args[0] switch
        {
            "queue" => await http.GetAsync(new Uri("/api/queue", UriKind.Relative)).ConfigureAwait(false),
            "skip" => await http.PostAsync(new Uri("/api/skip", UriKind.Relative), null).ConfigureAwait(false),
            _ => await http.PostAsync(new Uri($"/api/requests?track={Uri.EscapeDataString(cli["track"] ?? "")}", UriKind.Relative), null).ConfigureAwait(false),
        };
        string body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        await (response.IsSuccessStatusCode ? output : errors).WriteLineAsync($"{(int)response.StatusCode} {response.ReasonPhrase}: {body}").ConfigureAwait(false);
        return response.IsSuccessStatusCode ? 0 : 1;
    }
}
