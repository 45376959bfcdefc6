using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

namespace RadioServer.LoadTest;

/// <summary>
/// One run, in a written order: the server's idle CPU for 30 s (with --pid), the ramp (connections started at the
/// ramp rate), the hold (the title probe in its middle), the stop (every socket closed at one timestamp), the server's
/// idle CPU again for 30 s after a settle (with --pid), the report.
/// A monitor beside it samples RSS once a second, aborts connections past the connect/head timeout and prints progress.
/// </summary>
internal sealed partial class LoadTestRunner(LoadTestOptions options, TextWriter progress)
{
    /// <summary>Descriptors the runtime itself needs besides the listeners' sockets (threads, epoll, assemblies, /proc reads).</summary>
    public const int SpareDescriptors = 64;

    /// <summary>
    /// Long enough to average a station's idle work (playout, encoders, the HLS segments every 4 s): 3 s gave idle
    /// figures from 6 to 12 % of a core, and so per-1000 figures off by several points at 1,000 listeners; 10 s
    /// windows of one idle station still ranged 9 to 12.5 %, and one sitting's idle figures 8.9 to 14.3 %.
    /// </summary>
    private static readonly TimeSpan IdleWindow = TimeSpan.FromSeconds(30);

    /// <summary>After the stop, before the second idle window: the server notices the closes and lets the sockets go.</summary>
    private static readonly TimeSpan IdleSettle = TimeSpan.FromSeconds(5);

    private readonly ListenerConnection[] _connections = new ListenerConnection[options.Listeners];
    private readonly Task[] _tasks = new Task[options.Listeners];
    private readonly ServerFigures _figures = new();
    private readonly ProcessSampler? _sampler = options.ServerPid is { } pid ? new ProcessSampler(pid) : null;
    private readonly long? _fileLimit = FileLimit(); // read now: once descriptors run out, /proc cannot be opened either
    private int _started;
    private string _phase = "idle";

    /// <summary>
    /// The run, or null when the soft limit on open files (<c>ulimit -n</c>) is below what the listeners need: the
    /// caller raises it; the tester does not, and does not start a run that would end in EMFILE.
    /// </summary>
    public async Task<LoadTestReport?> RunAsync(CancellationToken cancellationToken)
    {
        if (_fileLimit is { } limit && limit < options.Listeners + SpareDescriptors)
        {
            await progress.WriteLineAsync(
                $"error: too many open files: {options.Listeners} listeners need about {options.Listeners + SpareDescriptors} file descriptors "
                + $"but the soft limit (ulimit -n) is {limit}. Raise it in the calling shell, e.g. `ulimit -n $(ulimit -Hn)`, and run again.");
            return null;
        }

        using var reserve = new DescriptorReserve(options.Listeners + 32);
        try
        {
            if (await WarmUp.RunAsync(options, cancellationToken) is { } selfCheck)
            {
                await progress.WriteLineAsync($"error: {selfCheck}; the tester itself is broken, no run.");
                return null;
            }

            if (_sampler is null)
            {
                await Task.Delay(WarmUp.Settle, cancellationToken); // with --pid, the idle window gives this time
            }
        }
        catch (OperationCanceledException)
        {
            return null;
        }

        using var self = Process.GetCurrentProcess();
        await SampleIdleAsync(cancellationToken);

        var run = new LoadRun(options, Request(options));
        long runStart = Stopwatch.GetTimestamp();
        var selfRunStart = CpuOf(self);
        using var monitorStop = new CancellationTokenSource();
        var monitor = MonitorAsync(run, runStart, monitorStop.Token);

        var serverRampStart = _sampler?.CpuTime();
        _phase = "ramp";
        if (_figures.Interrupted is null)
        {
            await RampAsync(run, reserve, cancellationToken);
        }

        long holdStart = Stopwatch.GetTimestamp();
        _figures.Ramp = Stopwatch.GetElapsedTime(runStart, holdStart);
        var serverHoldStart = _sampler?.CpuTime();
        var selfHoldStart = CpuOf(self);
        _figures.RampCpuPercent = ServerFigures.CpuPercent(serverRampStart, serverHoldStart, _figures.Ramp);
        _figures.RssEndOfRamp = _figures.Rss(_sampler?.RssBytes());

        _phase = "hold";
        if (_figures.Interrupted is null)
        {
            await HoldAsync(run, holdStart, cancellationToken);
        }

        long stop = Stopwatch.GetTimestamp();
        var serverHoldEnd = _sampler?.CpuTime();
        var selfHoldEnd = CpuOf(self);
        _figures.Hold = Stopwatch.GetElapsedTime(holdStart, stop);
        _figures.HoldCpuPercent = ServerFigures.CpuPercent(serverHoldStart, serverHoldEnd, _figures.Hold);
        _figures.TesterHoldCpuPercent = ServerFigures.CpuPercent(selfHoldStart, selfHoldEnd, _figures.Hold);
        _figures.RssEnd = _figures.Rss(_sampler?.RssBytes());

        _phase = "stop";
        run.Stop(stop);
        foreach (var connection in _connections.AsSpan(0, _started))
        {
            connection.Abort(null);
        }

        await Task.WhenAll(_tasks.AsSpan(0, _started));
        await monitorStop.CancelAsync();
        await monitor;
        _figures.TesterRunCpuPercent = ServerFigures.CpuPercent(selfRunStart, CpuOf(self), Stopwatch.GetElapsedTime(runStart));
        if (_figures.Interrupted is null)
        {
            _figures.IdleAfterCpuPercent = await SampleIdleAfterAsync(cancellationToken);
        }

        return new LoadTestReport(options, _connections[.._started], _figures, run.ProbeTimestamp);
    }

    /// <summary>The server's CPU before any listener: the baseline the per-1000-listener figure is taken over.</summary>
    private async Task SampleIdleAsync(CancellationToken cancellationToken)
    {
        if (_sampler is null)
        {
            return;
        }

        await progress.WriteLineAsync($"sampling the server's (pid {_sampler.Pid}) idle CPU for {IdleWindow.TotalSeconds:0} s ...");
        _figures.IdleCpuPercent = await ServerCpuOverAsync(_sampler, IdleWindow, cancellationToken);
        if (_figures.IdleCpuPercent is null)
        {
            _figures.Interrupted = "interrupted before the first connection";
            return;
        }

        _figures.RssBefore = _figures.Rss(_sampler.RssBytes());
    }

    /// <summary>The server's CPU once the listeners have gone: the other side of the baseline (null when interrupted).</summary>
    private async Task<double?> SampleIdleAfterAsync(CancellationToken cancellationToken)
    {
        if (_sampler is null)
        {
            return null;
        }

        await progress.WriteLineAsync($"sampling the server's idle CPU again for {IdleWindow.TotalSeconds:0} s (after {IdleSettle.TotalSeconds:0} s) ...");
        try
        {
            await Task.Delay(IdleSettle, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return null;
        }

        return await ServerCpuOverAsync(_sampler, IdleWindow, cancellationToken);
    }

    /// <summary>The server's CPU, % of one core, over the next <paramref name="window"/>; null when cancelled.</summary>
    private static async Task<double?> ServerCpuOverAsync(ProcessSampler sampler, TimeSpan window, CancellationToken cancellationToken)
    {
        var cpu = sampler.CpuTime();
        long start = Stopwatch.GetTimestamp();
        try
        {
            await Task.Delay(window, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return null;
        }

        return ServerFigures.CpuPercent(cpu, sampler.CpuTime(), Stopwatch.GetElapsedTime(start));
    }

    /// <summary>Starts connections so that after t seconds about t × ramp have been started.</summary>
    private async Task RampAsync(LoadRun run, DescriptorReserve reserve, CancellationToken cancellationToken)
    {
        var server = new IPEndPoint(options.Host, options.Port);
        var sources = options.SpreadSourceAddresses ? Loopback.SourceEndPoints() : null;
        long start = Stopwatch.GetTimestamp();
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
        int n = options.Listeners;
        try
        {
            while (true)
            {
                double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
                int due = options.RampPerSecond <= 0 ? n : (int)Math.Min(n, Math.Floor(seconds * options.RampPerSecond) + 1);
                for (int i = _started; i < due; i++)
                {
                    var connection = new ListenerConnection(run, server, sources?[i % sources.Length]);
                    _connections[i] = connection;
                    _tasks[i] = connection.RunAsync();
                    Volatile.Write(ref _started, i + 1);
                    if (run.TooManyOpenFiles)
                    {
                        await TooManyOpenFilesAsync(reserve);
                        return;
                    }
                }

                if (_started == n)
                {
                    return;
                }

                await tick.WaitForNextTickAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            _figures.Interrupted = "interrupted during the ramp";
        }
    }

    private async Task HoldAsync(LoadRun run, long holdStart, CancellationToken cancellationToken)
    {
        var hold = TimeSpan.FromSeconds(options.HoldSeconds);
        try
        {
            if (options.TitleProbeUrl is { } url)
            {
                await Task.Delay(hold / 2, cancellationToken);
                await ProbeAsync(run, url, holdStart, cancellationToken);
            }

            var left = hold - Stopwatch.GetElapsedTime(holdStart);
            if (left > TimeSpan.Zero)
            {
                await Task.Delay(left, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            _figures.Interrupted = "interrupted during the hold";
        }
    }

    private async Task ProbeAsync(LoadRun run, string url, long holdStart, CancellationToken cancellationToken)
    {
        var probe = TitleProbe.Create(url, TitleProbe.NewToken())!;
        foreach (var connection in _connections.AsSpan(0, _started))
        {
            connection.StreamingAtProbe = !connection.AwaitingHead && connection.Outcome == ListenerOutcome.Running;
        }

        long sent = Stopwatch.GetTimestamp();
        run.StartProbe(probe.MatchBytes, sent);
        _figures.ProbeAtSeconds = Stopwatch.GetElapsedTime(holdStart, sent).TotalSeconds;
        _figures.ProbeTitle = probe.Title;
        await progress.WriteLineAsync($"title probe: GET {probe.RequestUri.GetLeftPart(UriPartial.Path)} setting '{probe.Title}'");
        (int status, var elapsed, string? error) = await probe.SendAsync(cancellationToken);
        (_figures.ProbeStatus, _figures.ProbeElapsed, _figures.ProbeError) = (status, elapsed, error);
        if (status != 200)
        {
            await progress.WriteLineAsync($"title probe failed: {(status == 0 ? error : $"HTTP {status}")}");
        }
    }

    private async Task TooManyOpenFilesAsync(DescriptorReserve reserve)
    {
        reserve.Release(); // the runtime needs a few descriptors to go on (a new pool thread, this message)
        _figures.Interrupted = $"too many open files after {_started - 1} connections";
        await progress.WriteLineAsync(
            $"error: too many open files (EMFILE) after {_started - 1} connections: {options.Listeners} listeners need about "
            + $"{options.Listeners + SpareDescriptors} file descriptors (soft limit {_fileLimit?.ToString(CultureInfo.InvariantCulture) ?? "unknown"}, "
            + "some of them held by the runtime or inherited from the shell). Raise it in the calling shell, e.g. `ulimit -n $(ulimit -Hn)`, and run again. Stopping.");
    }

    /// <summary>The soft limit on open files, from /proc/self/limits; null if unlimited or unreadable.</summary>
    private static long? FileLimit()
    {
        try
        {
            foreach (string line in File.ReadLines("/proc/self/limits"))
            {
                if (line.StartsWith("Max open files", StringComparison.Ordinal))
                {
                    var fields = line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    return fields.Length > 0 && long.TryParse(fields[0], CultureInfo.InvariantCulture, out long soft) ? soft : null;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Not Linux, or no /proc: no warning.
        }

        return null;
    }

    private static TimeSpan CpuOf(Process self)
    {
        self.Refresh();
        return self.TotalProcessorTime;
    }

    private static ReadOnlyMemory<byte> Request(LoadTestOptions options) => Encoding.ASCII.GetBytes(
        $"GET {options.Mount} HTTP/1.0\r\nHost: {options.Host}:{options.Port}\r\nUser-Agent: RadioServer.LoadTest/1.0\r\n"
        + $"Accept: */*\r\n{(options.Icy ? "Icy-MetaData: 1\r\n" : "")}\r\n");
}
