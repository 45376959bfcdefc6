using Microsoft.Extensions.Logging;
using RadioServer.Playout.Audio;
using RadioServer.Playout.Bus;
using RadioServer.Playout.Clock;
using RadioServer.Playout.Transitions;

namespace RadioServer.Playout.Engine;

/// <summary>
/// Turns "what plays next" into one continuous PCM stream. Each item plays on a <see cref="PlayoutDeck"/> that reads
/// it ahead, so the engine knows where an item ends while its last seconds are still to come; then it picks the next
/// item (for the air time it will start), plans the hand-over with <see cref="TransitionPlan.Between"/> (a crossfade
/// between songs, a fade-out before the news, a gapless cut) and starts the next deck on the exact frame. Items that
/// cannot be opened or decode to nothing are skipped with one log line; when nothing at all is playable the block is
/// silence, so the bus never stops. Pacing is not done here but by <see cref="PlayoutClock"/>, so tests can render
/// hours of audio without waiting.
/// </summary>
public sealed partial class PlayoutEngine : IDisposable
{
    /// <summary>Items tried in a row before giving up for a while (all failed).</summary>
    public const int MaxConsecutiveFailures = 8;

    private readonly IItemSelector _selector;
    private readonly IItemOpener _opener;
    private readonly PcmBus _bus;
    private readonly ILogger _logger;
    private readonly PcmBlock _block;
    private readonly int _channels;
    private readonly int _blocksPerSecond;
    private readonly AirClock _air;
    private readonly List<PlayoutDeck> _decks = [];
    private readonly Stack<float[]> _rings = new();
    private int _backoffBlocks;
    private int _silentBlocksLeft;
    private bool _reportedNothing;
    private volatile bool _skipRequested;
    private UpcomingItem? _upcoming;
    private long _airGeneration;
    private long _itemsAired;
    private long _itemsFailed;
    private long _itemsWithDecodeErrors;
    private long _ringBytes;

    /// <param name="airClock">Maps bus frames to air times for the selector (default: frame 0 airs at the Unix epoch).</param>
    public PlayoutEngine(IItemSelector selector, IItemOpener opener, PcmBus bus, ILogger logger, TimeSpan blockDuration, AirClock? airClock = null)
    {
        ArgumentNullException.ThrowIfNull(bus);
        _air = airClock ?? new AirClock(bus.Format.SampleRate);
        _airGeneration = _air.Generation;
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

    /// <summary>The least an item is read ahead, whatever the transitions: the next item is picked at least this long before it starts.</summary>
    public static readonly TimeSpan MinLookahead = TimeSpan.FromSeconds(2);

    /// <summary>How long an item is faded out before a cut for an insert.</summary>
    public TimeSpan CutFade { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a skipped item takes to fade out.</summary>
    public TimeSpan SkipFade { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// The station's transition settings, under each item's own (<see cref="PlayoutItem.Transition"/>). Default:
    /// gapless, no fades; the station sets its configured defaults (a 2 s crossfade unless configured otherwise).
    /// </summary>
    public TransitionSettings StationTransitions { get; init; } = TransitionSettings.Gapless;

    /// <summary>The mapping of bus frames to air times used for picks and cuts.</summary>
    public AirClock AirClock => _air;

    /// <summary>Sample frames per block.</summary>
    public int BlockFrames { get; }

    /// <summary>
    /// How far ahead of the air an item is read, in frames: the longest reach of the transitions that can be planned now
    /// (the station's and the selector's, <see cref="TransitionSettings.Reach"/>), at least <see cref="MinLookahead"/>.
    /// Each deck's ring holds this much (and four blocks), so the station's 2 s crossfades need 4 s rings, not the 10 s the
    /// longest possible setting would (3.6 MB each at 44.1 kHz stereo; several decks are alive around short items). A
    /// reload that lengthens a transition takes effect from the next item read: the one on air keeps its ring, so its
    /// end may be known too late for the first such transition in full (it is shortened to what is left, as any is).
    /// </summary>
    private int LookaheadFrames()
    {
        var reach = StationTransitions.Reach;
        var selected = _selector.TransitionReach;
        reach = selected > reach ? selected : reach;
        return (int)Frames(reach > MinLookahead ? reach : MinLookahead);
    }

    public StationFormat Format => _bus.Format;

    /// <summary>
    /// The item picked to follow the one on air, once it is picked (the lookahead before it starts: at least 2 s, twice
    /// the crossfade, up to 10 s); null otherwise.
    /// Thread-safe.
    /// </summary>
    public UpcomingItem? Upcoming => Volatile.Read(ref _upcoming);

    /// <summary>Raised on the playout thread when the next item has been picked (see <see cref="Upcoming"/>).</summary>
    public event Action<UpcomingItem>? ItemPlanned;

    /// <summary>Items that went on air since start. Thread-safe.</summary>
    public long ItemsAired => Interlocked.Read(ref _itemsAired);

    /// <summary>Items skipped because they could not be opened or decoded to nothing. Thread-safe.</summary>
    public long ItemsFailed => Interlocked.Read(ref _itemsFailed);

    /// <summary>Items whose decoding hit errors (bad frames skipped, or the rest of the file given up). Thread-safe.</summary>
    public long ItemsWithDecodeErrors => Interlocked.Read(ref _itemsWithDecodeErrors);

    /// <summary>Bytes held by the decks' read-ahead rings (in use or waiting for the next deck). Thread-safe.</summary>
    public long ReadAheadBytes => Interlocked.Read(ref _ringBytes);

    /// <summary>Asks for the item on air to be faded out (over <see cref="SkipFade"/>) and the next one to start. Thread-safe.</summary>
    public void Skip() => _skipRequested = true;

    /// <summary>Fills the next block and publishes it on the bus.</summary>
    public void RenderNextBlock()
    {
        _block.Reset(_bus.FramesPublished);
        long first = _block.FirstFrame;
        Span<float> buffer = _block.Buffer;
        buffer.Clear();
        if (_air.Generation != _airGeneration)
        {
            _airGeneration = _air.Generation;
            MoveCutsToAirTimes(first);
        }
        if (_skipRequested)
        {
            _skipRequested = false;
            SkipOnAir();
        }

        if (_decks.Count == 0 && _silentBlocksLeft == 0)
        {
            StartAfterSilence(first);
        }

        PlanAhead(first);
        foreach (var deck in _decks)
        {
            deck.MixInto(buffer, first);
        }

        for (int i = _decks.Count - 1; i >= 0; i--)
        {
            if (_decks[i].Finished)
            {
                Close(_decks[i]);
                _decks.RemoveAt(i);
            }
        }

        // A source that ended before its planned end (a relay whose upstream never answered): the next item
        // starts with the next block rather than after the silence the plan left.
        if (_decks.Count > 0 && !_decks[0].Announced && _decks[0].StartFrame > first + BlockFrames)
        {
            _decks[0].MoveStart(first + BlockFrames);
            _decks[0].FadeIn(Frames(_decks[0].Settings.FadeIn ?? TimeSpan.Zero), _decks[0].Plan.InCurve); // no crossfade partner left
        }

        if (_silentBlocksLeft > 0)
        {
            _silentBlocksLeft--;
        }

        _bus.Publish(_block);
    }

    /// <summary>
    /// Announces the items that start in this block and, as soon as the last item's end is known and near, picks and
    /// plans the next one; repeated, so several short items can follow each other inside one block.
    /// </summary>
    private void PlanAhead(long first)
    {
        long blockEnd = first + BlockFrames;
        int lookahead = LookaheadFrames();
        while (_decks.Count > 0)
        {
            var last = _decks[^1];
            // Read ahead three blocks per block (a burst of seconds would cost this block its deadline) up to the
            // lookahead. An item picked during the previous one's tail has filled its lookahead by the time it starts,
            // so its end is known while the longest transition can still be planned.
            last.ReadAhead(last.Ahead + (3 * BlockFrames));
            if (!last.Announced)
            {
                if (last.StartFrame >= blockEnd)
                {
                    return;
                }

                Announce(last);
            }

            if (last.NextPlanned || last.EndFrame is not { } end || end - Math.Max(first, last.StartFrame) > lookahead + BlockFrames)
            {
                return;
            }

            last.NextPlanned = true;
            PlanNext(last, end, first);
        }
    }

    /// <summary>Nothing is on air (start-up, or after silence): the next item starts at <paramref name="frame"/>.</summary>
    private void StartAfterSilence(long frame)
    {
        for (int failures = 0; failures < MaxConsecutiveFailures; failures++)
        {
            switch (TryOpen(frame, previous: null, out var deck))
            {
                case Outcome.Opened:
                    _decks.Add(deck!);
                    return;
                case Outcome.NothingDue:
                    return;
            }
        }

        EnterSilence(MaxConsecutiveFailures);
    }

    /// <summary>Picks the item after <paramref name="previous"/> (which ends at bus frame <paramref name="end"/>) and plans the hand-over.</summary>
    private void PlanNext(PlayoutDeck previous, long end, long first)
    {
        for (int failures = 0; failures < MaxConsecutiveFailures; failures++)
        {
            switch (TryOpen(end, previous, out var deck, first))
            {
                case Outcome.Opened:
                    _decks.Add(deck!);
                    var upcoming = new UpcomingItem(deck!.Item, deck.StartFrame, _air.TimeOf(deck.StartFrame), deck.Opened.Duration);
                    Volatile.Write(ref _upcoming, upcoming);
                    ItemPlanned?.Invoke(upcoming);
                    return;
                case Outcome.NothingDue:
                    return;
            }
        }

        EnterSilence(MaxConsecutiveFailures);
    }

    private enum Outcome
    {
        Opened,
        Failed,
        NothingDue,
    }

    /// <summary>
    /// Picks the item for air time <paramref name="end"/> (the end of <paramref name="previous"/>, or now), opens it
    /// and plans how it follows <paramref name="previous"/>: its start, fades and any cut for an insert.
    /// </summary>
    private Outcome TryOpen(long end, PlayoutDeck? previous, out PlayoutDeck? deck, long first = 0)
    {
        deck = null;
        PlayoutItem? item;
        try
        {
            item = _selector.PickNext(_air.TimeOf(end));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            PlayoutLog.SelectorFailed(_logger, e);
            item = null;
        }

        if (item is null)
        {
            EnterSilence(0);
            return Outcome.NothingDue;
        }

        var opened = _opener.Open(item);
        if (opened.Error is not null)
        {
            PlayoutLog.ItemSkipped(_logger, item.Track.Path, opened.Error, item.Reason);
            Interlocked.Increment(ref _itemsFailed);
            return Outcome.Failed;
        }

        var settings = (item.Transition ?? TransitionSettings.Inherit).Over(StationTransitions);
        deck = new PlayoutDeck(opened, item, settings, Format.SampleRate, _channels, RentRing(), _rings.Push);
        deck.ReadAhead(3 * BlockFrames);
        if (deck.KnownLength == 0)
        {
            PlayoutLog.DecodedNothing(_logger, item.Track.Path);
            Interlocked.Increment(ref _itemsFailed);
            LogDamage(deck);
            deck.Dispose();
            deck = null;
            return Outcome.Failed;
        }

        var plan = previous is null || previous.Skipped
            ? TransitionPlan.Between(null, settings)
            : TransitionPlan.Between(previous.Settings, settings);
        deck.Plan = plan;
        long overlap = 0;
        if (previous is not null)
        {
            long previousLength = previous.KnownLength!.Value;
            long playable = end - Math.Max(first, previous.StartFrame); // what is left of it to fade or overlap
            overlap = Math.Min(Math.Min(Frames(plan.Overlap), playable), previousLength / 2); // never over more than half of a short item
            if (item.NotBefore is { } notBefore)
            {
                overlap = Math.Clamp(end - _air.FrameOf(notBefore), 0, overlap); // a hard insert starts on its time
            }

            if (overlap > 0 && !deck.IsLive)
            {
                // Nor over more than half of a short incoming item (a jingle left as music): read enough of it to know.
                deck.ReadAhead((int)Math.Min(int.MaxValue, (2 * overlap) + BlockFrames));
                if (deck.KnownLength is { } incomingLength)
                {
                    overlap = Math.Min(overlap, incomingLength / 2);
                }
            }

            // A crossfade fades the outgoing item over the (possibly shortened) overlap; otherwise (or when a hard
            // insert's time shortened the crossfade to nothing) over the plan's fade-out.
            // Hard inserts due at one instant follow each other back to back: the one before is neither overlapped nor faded.
            long fadeOut = plan.Overlap > TimeSpan.Zero && overlap > 0 ? overlap
                : item.NotBefore is not null && previous.Item.NotBefore is not null && overlap == 0 ? 0
                : Math.Min(Frames(plan.FadeOut), playable);
            if (fadeOut > 0)
            {
                previous.FadeOutAndEnd(previousLength - fadeOut, previousLength, plan.OutCurve);
            }
        }

        deck.StartAt(end - overlap);
        long fadeIn = overlap > 0 ? overlap
            : plan.Overlap > TimeSpan.Zero ? Frames(settings.FadeIn ?? TimeSpan.Zero) // a crossfade shortened to nothing: its own fade-in
            : Frames(plan.FadeIn);
        deck.FadeIn(fadeIn, plan.InCurve);
        ApplyCut(deck, end);
        return Outcome.Opened;
    }

    /// <summary>
    /// Ends the item exactly where the selector says it must give way (a hard insert's time). Asked for the air time the
    /// item was picked for (<paramref name="pickedFor"/>, where a crossfade into it ends): inserts due before then were
    /// already weighed by that pick, and an insert crossfaded into must not be cut by its own time.
    /// </summary>
    private void ApplyCut(PlayoutDeck deck, long pickedFor)
    {
        DateTimeOffset? cut;
        try
        {
            cut = _selector.NextCut(_air.TimeOf(Math.Max(pickedFor, deck.StartFrame)));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            PlayoutLog.SelectorFailed(_logger, e);
            return;
        }

        if (cut is not { } cutTime)
        {
            return;
        }

        long untilCut = Math.Max(1, _air.FrameOf(cutTime) - deck.StartFrame);
        if (deck.Opened.Duration is not { } d || d.TotalSeconds * Format.SampleRate > untilCut)
        {
            PlayoutLog.WillCut(_logger, deck.Item.Track.DisplayTitle, cutTime, deck.StartFrame + untilCut);
        }

        deck.Cut(untilCut - Math.Min(untilCut, Frames(CutFade)), untilCut, cutTime);
    }

    /// <summary>
    /// The air clock was re-anchored (a stall, a clock step): a cut placed on a bus frame before now falls off its
    /// air time. Each cut moves to the frame where its time now airs, and an item waiting to follow a moved end moves
    /// with it, so a hard insert still starts on its time.
    /// </summary>
    private void MoveCutsToAirTimes(long first)
    {
        long moved = 0;
        foreach (var deck in _decks)
        {
            if (!deck.Announced && moved != 0)
            {
                deck.MoveStart(Math.Max(first, deck.StartFrame + moved));
            }

            moved = deck.CutTime is { } cut ? deck.MoveCut(Math.Max(1, _air.FrameOf(cut) - deck.StartFrame)) : 0;
        }
    }

    /// <summary>Fades out what is on air; an item already picked to follow starts when the fade ends, without overlap.</summary>
    private void SkipOnAir()
    {
        long skipFrames = Math.Max(1, Frames(SkipFade));
        long end = _block.FirstFrame; // nothing on air (the last item ended on a block boundary): the waiting item keeps its start
        PlayoutDeck? waiting = null;
        foreach (var deck in _decks)
        {
            if (!deck.Announced)
            {
                waiting = deck;
                continue;
            }

            deck.Skip(skipFrames);
            end = Math.Max(end, deck.EndFrame ?? end);
        }

        if (waiting is not null && end < waiting.StartFrame)
        {
            waiting.MoveStart(end);
            waiting.FadeIn(Frames(waiting.Settings.FadeIn ?? TimeSpan.Zero), waiting.Plan.InCurve);
        }
    }

    private void Announce(PlayoutDeck deck)
    {
        deck.Announced = true;
        Interlocked.Increment(ref _itemsAired);
        if (ReferenceEquals(Volatile.Read(ref _upcoming)?.Item, deck.Item))
        {
            Volatile.Write(ref _upcoming, null);
        }

        _reportedNothing = false;
        _backoffBlocks = _blocksPerSecond;
        var item = deck.Item;
        _block.AddTrackStart(new TrackStart(deck.StartFrame, item, deck.Opened.Duration));
        try
        {
            _selector.OnAired(item, _air.TimeOf(deck.StartFrame));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            PlayoutLog.SelectorFailed(_logger, e); // the audio goes on; only the selector's bookkeeping missed an item
        }

        string duration = deck.Opened.Duration is { } d ? d.ToString(@"m\:ss\.f", System.Globalization.CultureInfo.InvariantCulture) : "unknown length";
        PlayoutLog.TrackStarted(_logger, item.Track.DisplayTitle, item.Track.Path, duration, item.Reason);
        PlayoutLog.Transition(_logger, item.Track.DisplayTitle, deck.Plan); // formatted only when logged
    }

    private void Close(PlayoutDeck deck)
    {
        LogDamage(deck);
        deck.Dispose();
    }

    private void LogDamage(PlayoutDeck deck)
    {
        if (deck.Opened.Owner is Mp3FileSampleProvider decoder && decoder.Damage is { IsDamaged: true } damage)
        {
            PlayoutLog.DamagedFile(_logger, deck.Item.Track.Path, damage.Describe(), damage.Loss);
            Interlocked.Increment(ref _itemsWithDecodeErrors);
        }
    }

    /// <summary>A ring for a new deck: a returned one that is long enough for the lookahead now, else a new one.</summary>
    private float[] RentRing()
    {
        int length = (LookaheadFrames() + (4 * BlockFrames)) * _channels;
        while (_rings.TryPop(out var ring))
        {
            if (ring.Length >= length)
            {
                return ring;
            }

            Interlocked.Add(ref _ringBytes, -(long)ring.Length * sizeof(float)); // too short for a transition lengthened by a reload: left to the collector
        }

        Interlocked.Add(ref _ringBytes, (long)length * sizeof(float));
        return new float[length];
    }

    private long Frames(TimeSpan t) => (long)Math.Round(t.TotalSeconds * Format.SampleRate);

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

    public void Dispose()
    {
        foreach (var deck in _decks)
        {
            Close(deck);
        }

        _decks.Clear();
    }
}
