using System.IO.Pipelines;
using RadioServer.Mounts;
using RadioServer.Streaming.Broadcast;
using RadioServer.Streaming.Icy;

namespace RadioServer.Endpoints;

/// <summary>
/// Serves one listener on one mount, whatever the transport (raw Icecast-framed connection or ASP.NET
/// response): counts it in, pumps audio with the burst and ICY metadata, logs how and why it ended.
/// </summary>
public sealed partial class ListenerService(ILogger<ListenerService> logger, IHostApplicationLifetime lifetime, TimeProvider time)
{
    private long _nextId;

    internal async Task ServeAsync(Mount mount, PipeWriter output, bool icyMetadata, string remote, string? userAgent, CancellationToken connectionClosed)
    {
        long id = Interlocked.Increment(ref _nextId);
        using var counted = mount.AddListener();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(connectionClosed, lifetime.ApplicationStopping);
        long start = time.GetTimestamp();
        long bytes = 0;
        ListenerConnected(logger, id, mount.Path, remote, userAgent ?? "unknown", mount.Listeners);
        var icy = icyMetadata ? new IcyInterleaver(mount.Options.MetaInt) : null;
        ListenerEnd end;
        try
        {
            var pumpOptions = new ListenerPumpOptions(mount.Options.BurstBytes, TimeSpan.FromSeconds(mount.Options.QueueSeconds), time);
            end = await ListenerPump.RunAsync(output, mount.Buffer, pumpOptions, icy, n => bytes += n, stop.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            end = ListenerEnd.Closed;
        }

        if (end == ListenerEnd.FellBehind)
        {
            ListenerDropped(logger, id, mount.Path, remote, mount.Options.QueueSeconds);
        }

        ListenerLeft(logger, id, mount.Path, remote, time.GetElapsedTime(start).TotalSeconds, bytes);
    }

    [LoggerMessage(300, LogLevel.Information, "Listener {Id} connected to {Mount} from {Remote} ({UserAgent}); {Listeners} listening")]
    private static partial void ListenerConnected(ILogger logger, long id, string mount, string remote, string userAgent, int listeners);

    [LoggerMessage(301, LogLevel.Information, "Listener {Id} left {Mount} ({Remote}) after {Seconds:F1} s, {Bytes} audio bytes")]
    private static partial void ListenerLeft(ILogger logger, long id, string mount, string remote, double seconds, long bytes);

    [LoggerMessage(302, LogLevel.Warning, "Listener {Id} on {Mount} ({Remote}) fell more than {QueueSeconds} s behind and was dropped")]
    private static partial void ListenerDropped(ILogger logger, long id, string mount, string remote, double queueSeconds);
}
