using RadioServer.Playout.Audio;

namespace RadioServer.Playout.Engine;

/// <summary>
/// The station's single PCM stream. The engine publishes each block once; every sink (one encoder per
/// mount) sees the same samples in the same order. Sinks are held in a copy-on-write array so adding one
/// never blocks the audio thread.
/// </summary>
public sealed class PcmBus(StationFormat format)
{
    private IPcmSink[] _sinks = [];
    private IPcmProcessor[] _processors = [];

    public StationFormat Format { get; } = format;

    /// <summary>Sample frames (per channel) published since the bus started.</summary>
    public long FramesPublished { get; private set; }

    /// <summary>The item now on air, once the first has started.</summary>
    public TrackStart? Current { get; private set; }

    /// <summary>Raised when a sink throws; the other sinks still get the block, and the failing one the next.</summary>
    public event Action<IPcmSink, Exception>? SinkFailed;

    /// <summary>Raised on the playout thread when an item's audio enters the bus.</summary>
    public event Action<TrackStart>? TrackStarted;

    public void Attach(IPcmSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        IPcmSink[] old, updated;
        do
        {
            old = _sinks;
            updated = [.. old, sink];
        }
        while (Interlocked.CompareExchange(ref _sinks, updated, old) != old);
    }

    /// <summary>Adds a processing stage; stages run in the order they were added, before any sink.</summary>
    public void AddProcessor(IPcmProcessor processor)
    {
        ArgumentNullException.ThrowIfNull(processor);
        IPcmProcessor[] old, updated;
        do
        {
            old = _processors;
            updated = [.. old, processor];
        }
        while (Interlocked.CompareExchange(ref _processors, updated, old) != old);
    }

    public void Detach(IPcmSink sink)
    {
        IPcmSink[] old, updated;
        do
        {
            old = _sinks;
            updated = old.Where(s => s != sink).ToArray();
        }
        while (Interlocked.CompareExchange(ref _sinks, updated, old) != old);
    }

    internal void Publish(PcmBlock block)
    {
        foreach (var processor in Volatile.Read(ref _processors))
        {
            processor.Process(block);
        }

        foreach (var start in block.TrackStarts)
        {
            Current = start;
            TrackStarted?.Invoke(start);
        }

        foreach (var sink in Volatile.Read(ref _sinks))
        {
            try
            {
                sink.Write(block);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                SinkFailed?.Invoke(sink, e);
            }
        }

        FramesPublished += block.Frames;
    }
}
