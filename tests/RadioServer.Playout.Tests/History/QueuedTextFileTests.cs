using System.Diagnostics;
using RadioServer.Playout.Storage;

namespace RadioServer.Playout.Tests.History;

/// <summary>
/// The background writer of report files (history CSV, access log) when the disk fails (issue 11, part 4): the caller
/// never waits or sees an error, one log line per failure streak, lines kept and written when it works again.
/// Real folders: a file in the way of the folder (what a full disk or a read-only folder look like to the writer:
/// every open fails) and, where the test may mount one, a real full tmpfs (see the host's DiskFaultTests).
/// </summary>
public class QueuedTextFileTests
{
    [Fact]
    public async Task Append_WhileTheFolderCannotBeCreated_OneLogLine_LinesWrittenWhenItWorksAgain()
    {
        string blocked = BlockedFolder();
        var logger = new ListLogger();
        int failures = 0;
        using var file = new QueuedTextFile(Path.Combine(blocked, "aired.csv"), logger, header: "h", onFailure: () => Interlocked.Increment(ref failures),
            retry: TimeSpan.FromMilliseconds(20));

        var caller = Stopwatch.StartNew();
        for (int i = 0; i < 100; i++)
        {
            file.Append($"row {i}");
        }

        Assert.True(caller.Elapsed < TimeSpan.FromSeconds(1), "the caller waited on the disk");
        await WaitFor(() => Volatile.Read(ref failures) >= 3, "three failed attempts");
        Assert.True(file.IsFailing);
        Assert.Single(logger.Lines, l => l.Contains("Cannot write", StringComparison.Ordinal));

        File.Delete(blocked); // the operator frees the path
        Assert.True(file.WaitWritten(TimeSpan.FromSeconds(10)));
        string[] lines = File.ReadAllLines(Path.Combine(blocked, "aired.csv"));
        Assert.Equal(["h", .. Enumerable.Range(0, 100).Select(i => $"row {i}")], lines);
        await WaitFor(() => logger.Lines.Any(l => l.Contains("is written again; 0 line(s) were lost", StringComparison.Ordinal)), "the 'written again' line");
        Assert.Single(logger.Lines, l => l.Contains("Cannot write", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Append_MoreThanTheQueueHoldsWhileFailing_DropsTheOldestAndSaysHowMany()
    {
        string blocked = BlockedFolder();
        var logger = new ListLogger();
        using var file = new QueuedTextFile(Path.Combine(blocked, "access.log"), logger, maxQueued: 10, retry: TimeSpan.FromMilliseconds(20));
        for (int i = 0; i < 25; i++)
        {
            file.Append($"line {i}");
        }

        await WaitFor(() => file.IsFailing, "the first failure");
        File.Delete(blocked);
        Assert.True(file.WaitWritten(TimeSpan.FromSeconds(10)));
        string[] lines = File.ReadAllLines(Path.Combine(blocked, "access.log"));
        Assert.Equal(Enumerable.Range(15, 10).Select(i => $"line {i}"), lines[^10..]);
        Assert.Equal(25 - lines.Length, file.Dropped);
        await WaitFor(() => logger.Lines.Any(l => l.Contains($"{file.Dropped} line(s) were lost", StringComparison.Ordinal)), "the count of lost lines");
    }

    /// <summary>A folder path with a file in its place: every open under it fails until the file is deleted.</summary>
    private static string BlockedFolder()
    {
        string blocked = Path.Combine(DemoFiles.TempDir(), "reports");
        File.WriteAllText(blocked, "a file where the folder should be");
        return blocked;
    }

    private static async Task WaitFor(Func<bool> condition, string what)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(10), $"no {what} within 10 s");
            await Task.Delay(10);
        }
    }
}
