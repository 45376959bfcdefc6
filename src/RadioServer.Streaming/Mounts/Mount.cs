using RadioServer.Playout.Audio;
using RadioServer.Streaming.Broadcast;
using RadioServer.Streaming.Mp3;
using RadioServer.Streaming.Opus;

namespace RadioServer.Streaming.Mounts;

/// <summary>One listener mount: its settings, its encoder (fed by the PCM bus) and its broadcast buffer.</summary>
public sealed class Mount : IDisposable
{
    private int _listeners;
    private int _peak;

    public Mount(MountOptions options, IMountEncoder encoder, DateTimeOffset started)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        Options = options;
        Encoder = encoder;
        Started = started;
    }

    /// <summary>
    /// A mount with its encoder (LAME or Opus, as <paramref name="options"/> say), fed from a bus in <paramref name="format"/>;
    /// with a <paramref name="clock"/>, its listeners are written to on it (see <see cref="BroadcastBuffer"/>).
    /// </summary>
    public static Mount Create(MountOptions options, StationFormat format, DateTimeOffset started, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(format);
        var buffer = new BroadcastBuffer(options.QueueBytes, TimeSpan.FromMilliseconds(options.WriteIntervalMilliseconds), clock: clock);
        var chunk = TimeSpan.FromMilliseconds(options.ChunkMilliseconds);
        IMountEncoder encoder = options.IsOgg
            ? new OpusMountEncoder(new OpusEncoderSettings(format.SampleRate, format.Channels, options.Channels, options.Bitrate), buffer, chunk)
            : new Mp3MountEncoder(new LameEncoderSettings(format.SampleRate, format.Channels, options.SampleRate, options.Channels, options.Bitrate, options.Quality), buffer, chunk);
        return new Mount(options, encoder, started);
    }

    /// <summary>When the mount started streaming (Icecast's <c>stream_start</c>).</summary>
    public DateTimeOffset Started { get; }

    public MountOptions Options { get; }

    public string Path => Options.Path;

    public IMountEncoder Encoder { get; }

    public BroadcastBuffer Buffer => Encoder.Buffer;

    public int Listeners => Volatile.Read(ref _listeners);

    public int ListenerPeak => Volatile.Read(ref _peak);

    /// <summary>Counts a listener in; <see cref="RemoveListener"/> once when it leaves (or moves away).</summary>
    public void AddListener()
    {
        int now = Interlocked.Increment(ref _listeners);
        int peak;
        while (now > (peak = Volatile.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, now, peak) != peak)
        {
        }
    }

    /// <summary>Counts out a listener counted in by <see cref="AddListener"/>.</summary>
    public void RemoveListener() => Interlocked.Decrement(ref _listeners);

    public void Dispose()
    {
        Encoder.Buffer.Dispose();
        Encoder.Dispose();
    }
}
