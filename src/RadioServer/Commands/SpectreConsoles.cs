using Spectre.Console;

namespace RadioServer.Commands;

/// <summary>
/// A Spectre console over a command's writer. Only the real, unredirected terminal gets ANSI, colours and live
/// redraws; anything else (a pipe, a file, a test's StringWriter) gets plain text with no escapes, and Spectre's
/// progress falls back to printing a line at milestones instead of redrawing one.
/// </summary>
internal static class SpectreConsoles
{
    /// <summary>Width for plain output: wide enough that tables never wrap in a pipe or a log.</summary>
    private const int PlainWidth = 400;

    public static IAnsiConsole For(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        bool terminal = (ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected)
                        || (ReferenceEquals(writer, Console.Error) && !Console.IsErrorRedirected);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        if (!terminal)
        {
            console.Profile.Width = PlainWidth;
        }

        return console;
    }
}
