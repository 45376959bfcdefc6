namespace RadioServer.LoadTest;

/// <summary>
/// What every connection of one run shares: the request bytes, the stop time, the title being probed and the live
/// counters the progress line shows. Written by the runner, read by the receive loops.
/// </summary>
internal sealed class LoadRun(LoadTestOptions options, ReadOnlyMemory<byte> request)
{
    private long _stopTimestamp = long.MaxValue;
    private byte[]? _probeTitle;
    private int _streaming;
    private int _failed;
    private int _dropped;
    private int _tooManyOpenFiles;

    public LoadTestOptions Options { get; } = options;

    /// <summary>The HTTP request every listener sends.</summary>
    public ReadOnlyMemory<byte> Request { get; } = request;

    /// <summary>Stopwatch timestamp at which the run ended; reads completing later are not counted.</summary>
    public long StopTimestamp => Volatile.Read(ref _stopTimestamp);

    /// <summary>True once <see cref="Stop"/> has been called.</summary>
    public bool Stopping => StopTimestamp != long.MaxValue;

    /// <summary>The probed title's UTF-8 bytes once the probe has been sent, else null.</summary>
    public byte[]? ProbeTitle => Volatile.Read(ref _probeTitle);

    /// <summary>Stopwatch timestamp just before the probe request was sent.</summary>
    public long ProbeTimestamp { get; private set; }

    public int Streaming => Volatile.Read(ref _streaming);

    public int Failed => Volatile.Read(ref _failed);

    public int Dropped => Volatile.Read(ref _dropped);

    /// <summary>True once a socket could not be made for want of file descriptors (EMFILE/ENFILE).</summary>
    public bool TooManyOpenFiles => Volatile.Read(ref _tooManyOpenFiles) != 0;

    public void Stop(long timestamp) => Volatile.Write(ref _stopTimestamp, timestamp);

    public void StartProbe(byte[] title, long timestamp)
    {
        ProbeTimestamp = timestamp;
        Volatile.Write(ref _probeTitle, title);
    }

    public void OnStreaming() => Interlocked.Increment(ref _streaming);

    public void OnStreamEnded() => Interlocked.Decrement(ref _streaming);

    public void OnFailed() => Interlocked.Increment(ref _failed);

    public void OnDropped() => Interlocked.Increment(ref _dropped);

    public void OnTooManyOpenFiles() => Volatile.Write(ref _tooManyOpenFiles, 1);
}
