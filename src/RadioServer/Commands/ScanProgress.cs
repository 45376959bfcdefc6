using Spectre.Console;

namespace RadioServer.Commands;

/// <summary>
/// The <c>scan</c> progress bar (Spectre.Console): one task, "done/total file" as its description. On a terminal it
/// redraws in place; redirected, Spectre prints a plain line at milestones and we print the final count.
/// </summary>
internal static class ScanProgress
{
    /// <summary>Runs <paramref name="work"/>, which reports (done, total, path) from any thread, under a progress bar on <paramref name="writer"/>.</summary>
    public static T Run<T>(TextWriter writer, int total, Func<Action<int, int, string>, T> work)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(work);
        var console = SpectreConsoles.For(writer);
        T result = default!;
        console.Progress()
            .AutoClear(false)
            .Columns(new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new TaskDescriptionColumn { Alignment = Justify.Left })
            .Start(context =>
            {
                var task = context.AddTask(Describe(0, total, ""), maxValue: Math.Max(total, 1));
                var gate = new Lock();
                result = work((done, count, path) =>
                {
                    lock (gate)
                    {
                        // Workers finish out of order: only ever move forward.
                        if (done >= task.Value)
                        {
                            task.Value = done;
                            task.Description = Describe(done, count, path);
                        }
                    }
                });
                task.Value = task.MaxValue;
                task.Description = Describe(total, total, "");
            });
        if (!console.Profile.Capabilities.Interactive)
        {
            writer.WriteLine($"{total}/{total} files");
        }

        return result;
    }

    private static string Describe(int done, int total, string path)
    {
        string name = Path.GetFileName(path);
        name = name.Length > 40 ? name[..37] + "..." : name;
        return Markup.Escape($"{done}/{total} {name}".TrimEnd());
    }
}
