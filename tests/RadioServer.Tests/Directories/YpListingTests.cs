using RadioServer.Configuration;
using RadioServer.Directories;
using RadioServer.Tests.Support;

namespace RadioServer.Tests.Directories;

/// <summary>One listing's timing on a fake clock: back-off, re-add on a refused touch, early touches on a new title, removal within its limit.</summary>
[Trait("Layer", "Unit")]
public sealed class YpListingTests : IDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(45);
    private readonly Dictionary<TimeSpan, int> _expected = [];
    private readonly YpTestClock _time = new();
    private readonly StubDirectory _directory = new();
    private readonly HttpClient _http;
    private readonly LogCapture _logs = new();
    private readonly List<string> _failures = [];
    private readonly CancellationTokenSource _stop = new();
    private YpStatus _status = new("Artist - Song A", 3, 100);

    public YpListingTests() => _http = new HttpClient(_directory);

    [Fact]
    public async Task Run_DirectoryDown_BacksOffDoublingToTheCapAndLogsOncePerStreak()
    {
        _directory.Respond = _ => throw new HttpRequestException("Connection refused");
        var listing = Listing(new DirectoryOptions { RetrySeconds = 1, MaxRetrySeconds = 8, MinTouchSeconds = 5, TouchIntervalSeconds = 300 });
        var run = listing.RunAsync(_stop.Token);

        foreach (int seconds in new[] { 1, 2, 4, 8, 8 })
        {
            await WaitForDelayAsync(TimeSpan.FromSeconds(seconds));
            _time.Fake.Advance(TimeSpan.FromSeconds(seconds));
        }

        await UntilAsync(() => _directory.Bodies.Count == 6, "the sixth try");
        Assert.All(_directory.Bodies, b => Assert.StartsWith("action=add&", b, StringComparison.Ordinal));
        Assert.Equal(6, _failures.Count(f => f == "directory"));
        Assert.Single(_logs.Lines, l => l.Contains("add of /stream.mp3 failed: Connection refused", StringComparison.Ordinal));
        Assert.False(listing.Listed);

        // The directory is back: the add works, the first touch follows 5 s later, and one line says the streak is over.
        _directory.Respond = b => b.StartsWith("action=add", StringComparison.Ordinal) ? StubDirectory.Ok(("SID", "s1"), ("TouchFreq", "60")) : StubDirectory.Ok();
        await WaitForDelayAsync(TimeSpan.FromSeconds(8));
        _time.Fake.Advance(TimeSpan.FromSeconds(8));
        await WaitForDelayAsync(TimeSpan.FromSeconds(5));
        _time.Fake.Advance(TimeSpan.FromSeconds(5));
        await UntilAsync(() => _logs.Lines.Any(l => l.Contains("lists /stream.mp3 again, after 6 failed tries", StringComparison.Ordinal)), "the recovery line");
        Assert.True(listing.Listed);
        Assert.Equal(TimeSpan.FromSeconds(60), listing.Interval);
        Assert.StartsWith("action=touch&sid=s1&st=Artist%20-%20Song%20A&listeners=3&max_listeners=100&stype=MP3", _directory.Bodies[^1], StringComparison.Ordinal);
        await StopAsync(run);
    }

    [Fact]
    public async Task Run_TouchRefused_AddsAgainAtOnce()
    {
        bool forgotten = false;
        int adds = 0;
        _directory.Respond = b =>
            b.StartsWith("action=add", StringComparison.Ordinal) ? StubDirectory.Ok(("SID", $"s{++adds}"), ("TouchFreq", "10"))
            : forgotten && b.Contains("sid=s1&", StringComparison.Ordinal) ? StubDirectory.Refused("SID does not exist")
            : StubDirectory.Ok();
        var listing = Listing(new DirectoryOptions { RetrySeconds = 60, MaxRetrySeconds = 600, MinTouchSeconds = 1, TouchIntervalSeconds = 300 });
        var run = listing.RunAsync(_stop.Token);

        await WaitForDelayAsync(TimeSpan.FromSeconds(5)); // first touch 5 s after the add
        _time.Fake.Advance(TimeSpan.FromSeconds(5));
        await WaitForDelayAsync(TimeSpan.FromSeconds(10)); // then every TouchFreq
        forgotten = true;
        _time.Fake.Advance(TimeSpan.FromSeconds(10));

        await UntilAsync(() => adds == 2, "the second add");
        var actions = _directory.Bodies.Select(b => b[..b.IndexOf('&', StringComparison.Ordinal)]).ToList();
        Assert.Equal(["action=add", "action=touch", "action=touch", "action=add"], actions);
        Assert.Single(_logs.Lines, l => l.Contains("refused the touch of /stream.mp3 (refused: SID does not exist); adding it again", StringComparison.Ordinal));
        Assert.Equal(["directory"], _failures);
        await WaitForDelayAsync(TimeSpan.FromSeconds(5));
        _time.Fake.Advance(TimeSpan.FromSeconds(5));
        await UntilAsync(() => _directory.Bodies.Count == 5, "the touch with the new SID");
        Assert.StartsWith("action=touch&sid=s2&", _directory.Bodies[^1], StringComparison.Ordinal);
        await StopAsync(run);
    }

    [Fact]
    public async Task Run_NewTitle_TouchesEarlyButNotBeforeMinTouch()
    {
        _directory.Respond = b => b.StartsWith("action=add", StringComparison.Ordinal) ? StubDirectory.Ok(("SID", "s1"), ("TouchFreq", "600")) : StubDirectory.Ok();
        var listing = Listing(new DirectoryOptions { MinTouchSeconds = 30, TouchIntervalSeconds = 300 });
        var run = listing.RunAsync(_stop.Token);
        await WaitForDelayAsync(TimeSpan.FromSeconds(5));
        _time.Fake.Advance(TimeSpan.FromSeconds(5));
        await WaitForDelayAsync(TimeSpan.FromSeconds(600));
        Assert.Equal(2, _directory.Bodies.Count);

        // The same title again: no touch. A new one: a touch 30 s after the last (the floor), not 600 s.
        listing.TitleChanged();
        _status = _status with { Title = "Artist - Song B", Listeners = 4 };
        listing.TitleChanged();
        await WaitForDelayAsync(TimeSpan.FromSeconds(30));
        _time.Fake.Advance(TimeSpan.FromSeconds(30));
        await UntilAsync(() => _directory.Bodies.Count == 3, "the early touch");
        Assert.StartsWith("action=touch&sid=s1&st=Artist%20-%20Song%20B&listeners=4&", _directory.Bodies[^1], StringComparison.Ordinal);
        await StopAsync(run);
    }

    [Fact]
    public async Task Remove_DirectoryHangs_GivesUpAtTheLimit()
    {
        _directory.Respond = _ => StubDirectory.Ok(("SID", "s1"), ("TouchFreq", "60"));
        var listing = Listing(new DirectoryOptions());
        var run = listing.RunAsync(_stop.Token);
        await UntilAsync(() => listing.Listed, "the add");
        await StopAsync(run);

        _directory.Hang = true;
        var remove = listing.RemoveAsync(TimeSpan.FromSeconds(2), CancellationToken.None);
        await WaitForDelayAsync(TimeSpan.FromSeconds(2));
        _time.Fake.Advance(TimeSpan.FromSeconds(2));
        await remove.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("action=remove&sid=s1", _directory.Bodies[^1]);
        Assert.Contains(_logs.Lines, l => l.Contains("Could not remove /stream.mp3 from directory http://dir.test/cgi-bin/yp-cgi: no answer within 2 s", StringComparison.Ordinal));
        Assert.False(listing.Listed);
    }

    public void Dispose()
    {
        _stop.Dispose();
        _http.Dispose();
        _directory.Dispose();
    }

    private YpListing Listing(DirectoryOptions options) =>
        new(new YpClient(_http, new Uri("http://dir.test/cgi-bin/yp-cgi"), RequestTimeout, _time), "/stream.mp3",
            new YpStream("Test", "Pop", "Tests", "http://example.invalid/", "http://localhost:8000/stream.mp3", "audio/mpeg", "MP3", 128, "channels=2"),
            () => _status, options, _time, _logs.CreateLogger("directories"), f =>
            {
                lock (_failures)
                {
                    _failures.Add(f);
                }
            });

    private async Task StopAsync(Task run)
    {
        await _stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>
    /// Waits until the loop has started its next wait of <paramref name="due"/>: each call expects one more timer of that
    /// length than the calls before it (request timeouts are 45 s, a length no test waits for).
    /// </summary>
    private Task WaitForDelayAsync(TimeSpan due)
    {
        int expected = _expected[due] = _expected.GetValueOrDefault(due) + 1;
        return UntilAsync(() => _time.DueTimes.Count(d => d == due) >= expected, $"wait number {expected} of {due.TotalSeconds} s");
    }

    private static Task UntilAsync(Func<bool> condition, string what) => Until.AssertAsync(condition, what, TimeSpan.FromSeconds(10));
}
