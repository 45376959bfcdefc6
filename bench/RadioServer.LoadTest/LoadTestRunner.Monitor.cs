using System.Diagnostics;

namespace RadioServer.LoadTest;

/// <summary>The once-a-second monitor: RSS for the peak, the connect/head timeout, a progress line every 5 s.</summary>
internal sealed partial class LoadTestRunner
{
    private async Task MonitorAsync(LoadRun run, long runStart, CancellationToken cancellationToken)
    {
        using var tick = new PeriodicTimer(TimeSpan.FromSeconds(1));
        long timeoutTicks = options.TimeoutSeconds * Stopwatch.Frequency;
        int seconds = 0;
        try
        {
            while (await tick.WaitForNextTickAsync(cancellationToken))
            {
                seconds++;
                long? rss = _figures.Rss(_sampler?.RssBytes());
                long now = Stopwatch.GetTimestamp();
                int started = Volatile.Read(ref _started);
                foreach (var connection in _connections.AsSpan(0, started))
                {
                    if (connection.AwaitingHead && now - connection.StartTimestamp > timeoutTicks)
                    {
                        connection.Abort("timeout");
                    }
                }

                if (seconds % 5 == 0)
                {
                    await progress.WriteLineAsync(
                        $"{Stopwatch.GetElapsedTime(runStart).TotalSeconds,5:0} s  {_phase,-4}  started {started}/{options.Listeners}  "
                        + $"streaming {run.Streaming}  failed {run.Failed}  dropped {run.Dropped}"
                        + (rss is { } r ? $"  server RSS {r / 1048576.0:0} MB" : ""));
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The run has ended.
        }
    }
}
