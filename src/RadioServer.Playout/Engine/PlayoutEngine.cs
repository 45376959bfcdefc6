using Microsoft.Extensions.Logging;
using RadioServer.Playout.Audio;

namespace RadioServer.Playout.Engine;

/// <summary>
/// Turns "what plays next" into a gapless PCM stream: each call to <see cref="RenderNextBlock"/> fills one
/// block from the current item and, the moment it ends, continues in the same block with the next one
/// (no silence between items). Items that cannot be opened or decode to nothing are skipped with one log
/// line; when nothing at all is playable the block is silence, so the bus never stops. Pacing is not done
/// here but by <see cref="PlayoutClock"/>, so tests can render hours of audio without waiting.
/// </summary>
public sealed class PlayoutEngine : IDisposable
{
    /// <summary>Items tried within one block before giving up on it (all failed).</summary>
    public const int MaxConsecutiveFailures = 8;

    private readonly IItemSelector _selector;
    private readonly IItemOpener _opener;
    private readonly PcmBus _bus;
    private readonly ILogger _logger;
    private readonly PcmBlock _block;
    private readonly int _channels;
    private readonly int _blocksPerSecond;
    private readonly AirClock _air;
    private int _backoffBlocks;
    private OpenedItem? _current;
    private NAudio.Wave.ISampleProvider? _samples;
    private PlayoutItem? _currentItem;
    private bool _currentStarted;
    private int _silentBlocksLeft;
    private bool _reportedNothing;
    private volatile bool _skipRequested;

    /// <param name="airClock">Maps bus frames to air times for the selector (default: frame 0 airs at the Unix epoch).</param>
    public PlayoutEngine(IItemSelector selector, IItemOpener opener, PcmBus bus, ILogger logger, TimeSpan blockDuration, AirClock? airClock = null)
    {
        ArgumentNullException.ThrowIfNull(bus);
        _air = airClock ?? new AirClock(bus.Format.SampleRate);
        _selector = selector;
        _opener = opener;
        _bus = bus;
        _logger = logger;
        _channels = bus.Format.Channels;
        BlockFrames = (int)Math.Round(bus.Format.SampleRate * blockDuration.TotalSeconds);
        if (BlockFrames <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(blockDuration), "block must hold at least one sample");
        }

        _block = new PcmBlock(BlockFrames, _channels);
        _blocksPerSecond = Math.Max(1, bus.Format.SampleRate / BlockFrames);
        _backoffBlocks = _blocksPerSecond;
    }

    /// <summary>How long an item is faded out before a cut for an insert.</summary>
    public TimeSpan CutFade { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The mapping of bus frames to air times used for picks and cuts.</summary>
    public AirClock AirClock => _air;

    /// <summary>Sample frames per block.</summary>
    public int BlockFrames { get; }

    public StationFormat Format => _bus.Format;

    /// <summary>Asks for the item on air to be faded out (over <see cref="SkipFade"/>) and the next one to start. Thread-safe.</summary>
    public void Skip() => _skipRequested = true;

    /// <summary>How long a skipped item takes to fade out.</summary>
    public TimeSpan SkipFade { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Fills the next block and publishes it on the bus.</summary>
    public void RenderNextBlock()
    {
        if (_skipRequested)
        {
            _skipRequested = false;
            if (_samples is not null)
            {
                long fade = Math.Max(1, (long)(SkipFade.TotalSeconds * Format.SampleRate));
                _samples = new CutSampleProvider(_samples, fade, fade);
            }
        }

        _block.Reset(_bus.FramesPublished);
        Span<float> buffer = _block.Buffer;
        int filled = 0;
        int failures = 0;
        while (filled < buffer.Length)
        {
            if (_current is null)
            {
                if (_silentBlocksLeft > 0 || failures >= MaxConsecutiveFailures)
                {
                    if (failures >= MaxConsecutiveFailures)
                    {
                        EnterSilence(failures);
                    }

                    buffer[filled..].Clear();
                    break;
                }

                if (!TryOpenNext(_block.FirstFrame + (filled / _channels)))
                {
                    failures++;
                    continue;
                }
            }

            int n = _samples!.Read(buffer[filled..]);
            if (n <= 0)
            {
                if (!_currentStarted)
                {
                    PlayoutLog.DecodedNothing(_logger, _currentItem!.Track.Path);
                    failures++;
                }

                CloseCurrent();
                continue;
            }

            if (!_currentStarted)
            {
                MarkStarted(_block.FirstFrame + (filled / _channels));
            }

            filled += n;
        }

        if (_silentBlocksLeft > 0)
        {
            _silentBlocksLeft--;
        }

        _bus.Publish(_block);
    }

    private bool TryOpenNext(long startFrame)
    {
        PlayoutItem? item;
        DateTimeOffset airTime = _air.TimeOf(startFrame);
        DateTimeOffset? cut;
        try
        {
            item = _selector.PickNext(airTime);
            cut = item is null ? null : _selector.NextCut(airTime);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            PlayoutLog.SelectorFailed(_logger, e);
            item = null;
            cut = null;
        }

        if (item is null)
        {
            EnterSilence(0);
            return false;
        }

        var opened = _opener.Open(item);
        if (opened.Error is not null)
        {
            PlayoutLog.ItemSkipped(_logger, item.Track.Path, opened.Error, item.Reason);
            return false;
        }

        _current = opened;
        _samples = opened.Samples!;
        if (cut is { } cutTime)
        {
            // Why by hand: the cut must land on an exact bus frame, which NAudio's fade providers do not offer.
            long framesUntilCut = _air.FrameOf(cutTime) - startFrame;
            long fadeFrames = Math.Min(framesUntilCut, (long)(CutFade.TotalSeconds * Format.SampleRate));
            if (opened.Duration is not { } d || d.TotalSeconds * Format.SampleRate > framesUntilCut)
            {
                PlayoutLog.WillCut(_logger, item.Track.DisplayTitle, cutTime, startFrame + framesUntilCut);
            }

            _samples = new CutSampleProvider(_samples, framesUntilCut, fadeFrames);
        }

        _currentItem = item;
        _currentStarted = false;
        return true;
    }

    private void MarkStarted(long busFrame)
    {
        _currentStarted = true;
        _reportedNothing = false;
        _backoffBlocks = _blocksPerSecond;
        var item = _currentItem!;
        var start = new TrackStart(busFrame, item, _current!.Duration);
        _block.AddTrackStart(start);
        try
        {
            _selector.OnAired(item, _air.TimeOf(busFrame));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            PlayoutLog.SelectorFailed(_logger, e); // the audio goes on; only the selector's bookkeeping missed an item
        }

        string duration = _current.Duration is { } d ? d.ToString(@"m\:ss\.f", System.Globalization.CultureInfo.InvariantCulture) : "unknown length";
        PlayoutLog.TrackStarted(_logger, item.Track.DisplayTitle, item.Track.Path, duration, item.Reason);
    }

    private void CloseCurrent()
    {
        if (_current?.Owner is Mp3FileSampleProvider { ReadErrors: > 0 } decoder)
        {
            PlayoutLog.DecodeErrors(_logger, _currentItem!.Track.Path, decoder.ReadErrors, decoder.LastError?.Message ?? "");
        }

        _current?.Dispose();
        _current = null;
        _samples = null;
        _currentItem = null;
    }

    /// <summary>Silence, then retry: after 1 s, then 2, 4 … up to 30 s while nothing at all can be played.</summary>
    private void EnterSilence(int attempts)
    {
        _silentBlocksLeft = _backoffBlocks;
        _backoffBlocks = Math.Min(_backoffBlocks * 2, _blocksPerSecond * 30);
        if (!_reportedNothing)
        {
            _reportedNothing = true;
            PlayoutLog.NothingPlayable(_logger, attempts);
        }
    }

    public void Dispose() => CloseCurrent();
}
