using RadioServer.Playout.Audio;

namespace RadioServer.Playout.Bus;

/// <summary>
/// The station's single PCM stream. The engine publishes each block once; every sink (one encoder per
/// mount) sees the same samples in the same order. Sinks are held in a copy-on-write array so adding one
/// never blocks the audio thread.
/// </summary>
public sealed partial class PcmBus(StationFormat format)
{
    private readonly List<TrackStart> _delayedStarts = [];
    private IPcmSink[] _sinks = [];
    private IBusStage[] _stages = [];
    private PcmBlock? _processed;

    public StationFormat Format { get; } = format;

    /// <summary>
    /// A stage every block passes through before the sinks (the station's true-peak limiter). Its latency is
    /// applied to the track starts, so titles still change where each item's first sample reaches the sinks.
    /// </summary>
    public IPcmProcessor? Processor { get; init; }

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
        Update(ref _sinks, sinks => [.. sinks, sink]);
    }

    /// <summary>Adds a block stage (e.g. the live takeover); stages run in the order added, before <see cref="Processor"/> and the sinks.</summary>
    public void AddStage(IBusStage stage)
    {
        ArgumentNullException.ThrowIfNull(stage);
        Update(ref _stages, stages => [.. stages, stage]);
    }

    public void Detach(IPcmSink sink) => Update(ref _sinks, sinks => sinks.Where(s => s != sink).ToArray());

    /// <summary>Copy-on-write: the audio thread reads the array without a lock; a writer swaps in a changed copy.</summary>
    private static void Update<T>(ref T[] field, Func<T[], T[]> change)
        where T : class
    {
        T[] old;
        do
        {
            old = Volatile.Read(ref field);
        }
        while (Interlocked.CompareExchange(ref field, change(old), old) != old);
    }

    internal void Publish(PcmBlock engineBlock)
    {
        foreach (var stage in Volatile.Read(ref _stages))
        {
            stage.Process(engineBlock);
        }

        var block = Process(engineBlock);
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

    /// <summary>
    /// Runs the processor on a copy owned by the bus (the engine's block stays as rendered) and moves each track
    /// start later by the processor's latency, into a later block when it falls past this one's end.
    /// </summary>
    private PcmBlock Process(PcmBlock block)
    {
        if (Processor is not { } processor)
        {
            return block;
        }

        if (_processed is null || _processed.Buffer.Length != block.Buffer.Length)
        {
            _processed = new PcmBlock(block.Frames, block.Channels);
        }

        var output = _processed;
        output.Reset(block.FirstFrame);
        block.Samples.CopyTo(output.Buffer);
        processor.Process(output.Buffer);
        foreach (var start in block.TrackStarts)
        {
            _delayedStarts.Add(start with { BusFrame = start.BusFrame + processor.LatencyFrames });
        }

        long end = block.FirstFrame + block.Frames;
        int due = 0;
        while (due < _delayedStarts.Count && _delayedStarts[due].BusFrame < end)
        {
            output.AddTrackStart(_delayedStarts[due++]);
        }

        _delayedStarts.RemoveRange(0, due);
        return output;
    }
}
