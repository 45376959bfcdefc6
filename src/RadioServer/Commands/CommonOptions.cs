using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using RadioServer.Configuration;

namespace RadioServer.Commands;

/// <summary>Options several commands share; each command gets its own instance.</summary>
internal static class CommonOptions
{
    /// <summary><c>--config</c>: the station file (default config/station.yaml).</summary>
    public static Option<string> Config() => new("--config")
    {
        Description = "The station file (station.yaml).",
        HelpName = "path",
        DefaultValueFactory = static _ => StationConfigLoader.DefaultConfigPath,
    };

    /// <summary>
    /// Parses a number with the invariant culture (<c>0.25</c> everywhere; System.CommandLine's own conversion follows
    /// the current culture, which would read it as 25 under de-DE).
    /// </summary>
    public static double InvariantDouble(ArgumentResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
        {
            return value;
        }

        result.AddError($"Cannot parse '{text}' as a number for {(result.Parent as OptionResult)?.Option.Name ?? "the option"} (write it like 0.25 or -16).");
        return 0;
    }
}
