using System.CommandLine;

namespace RadioServer.Commands;

/// <summary>
/// The tokens System.CommandLine left unmatched, checked as ASP.NET-style configuration overrides
/// (<c>--station:name=X</c>, <c>--station:dead_air_seconds 5</c>). System.CommandLine cannot declare an open set of
/// options, so the commands that read the station config accept unmatched tokens and this class decides which of
/// them are overrides and which are mistakes (a typo such as <c>--hour</c> must not pass silently).
/// </summary>
internal static class ConfigurationOverrides
{
    /// <summary>
    /// Splits <paramref name="tokens"/> into overrides; returns the first token that is not one, or null.
    /// With <paramref name="anyKey"/> (running the station) any <c>--key</c> is an override, as ASP.NET reads it
    /// (<c>--urls</c>, <c>--environment</c>); otherwise the key must name a section (<c>--station:…</c>).
    /// </summary>
    public static string? FindMistake(IReadOnlyList<string> tokens, bool anyKey)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        for (int i = 0; i < tokens.Count; i++)
        {
            string token = tokens[i];
            if (!token.StartsWith("--", StringComparison.Ordinal) || token.Length == 2)
            {
                return token;
            }

            int equals = token.IndexOf('=', StringComparison.Ordinal);
            string key = equals < 0 ? token[2..] : token[2..equals];
            if (key.Length == 0 || (!anyKey && !key.Contains(':', StringComparison.Ordinal)))
            {
                return token;
            }

            // "--key value": the next token is the value, unless it is a key itself.
            if (equals < 0 && i + 1 < tokens.Count && !tokens[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                i++;
            }
        }

        return null;
    }

    /// <summary>
    /// The overrides of a parsed command line, or null after writing an error naming the first token that is none
    /// (the caller returns <see cref="RadioServerCli.UsageError"/>).
    /// </summary>
    public static string[]? Read(ParseResult parse, bool anyKey = false)
    {
        ArgumentNullException.ThrowIfNull(parse);
        string? mistake = FindMistake(parse.UnmatchedTokens, anyKey);
        if (mistake is null)
        {
            return [.. parse.UnmatchedTokens];
        }

        Report(parse, mistake, anyKey ? "" : " (configuration overrides look like --station:key=value)");
        return null;
    }

    /// <summary>
    /// For commands that take no overrides: false after writing an error naming the first unmatched token.
    /// (The root accepts unmatched tokens for the station, and System.CommandLine applies that to every sub-command.)
    /// </summary>
    public static bool NoneLeft(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        if (parse.UnmatchedTokens.Count == 0)
        {
            return true;
        }

        Report(parse, parse.UnmatchedTokens[0], "");
        return false;
    }

    private static void Report(ParseResult parse, string token, string hint)
    {
        string command = parse.CommandResult.Command is RootCommand ? RadioServerCli.Name : $"{RadioServerCli.Name} {parse.CommandResult.Command.Name}";
        parse.InvocationConfiguration.Error.WriteLine($"Unrecognized command or argument '{token}'{hint}. See '{command} --help'.");
    }
}
