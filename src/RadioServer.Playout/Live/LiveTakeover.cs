using Microsoft.Extensions.Logging;
using RadioServer.Playout.Bus;
using RadioServer.Playout.Library;

namespace RadioServer.Playout.Live;

/// <summary>
/// A bus stage that puts a live presenter on air: when a source has connected and buffered enough, it
/// crossfades from automation to live; while live it replaces the automation audio (which runs on muted
/// underneath) and its titles; when the presenter disconnects, or sends only silence for longer than the
/// configured time, it fades back to automation and re-announces the automation title. Listeners' streams
/// never change: the encoders downstream see one continuous PCM stream. Times are counted in bus samples,
/// so the behaviour is the same on a fake clock.
/// </summary>
public sealed partial class LiveTakeover : IBusStage
{
    private readonly LiveInput _input;
    private readonly LiveSettings _settings;
    private readonly ILogger _logger;
    private readonly int _channels;
    private readonly long _fadeFrames;
    private readonly int _prebufferSamples;
    private readonly long _silenceFrames;
    private readonly float _silenceLevel;
    private float[] _live = [];
    private State _state = State.Automation;
    private long _fadePos;
    private long _silentFor;
    private int _titleVersion = -1;
    private TrackStart? _automationCurrent;

    public LiveTakeover(LiveInput input, LiveSettings settings, int sampleRate, int channels, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _input = input;
        _settings = settings;
        _logger = logger;
        _channels = channels;
        _fadeFrames = Math.Max(1, (long)(settings.Crossfade.TotalSeconds * sampleRate));
        _prebufferSamples = (int)(settings.Prebuffer.TotalSeconds * sampleRate) * channels;
        _silenceFrames = (long)(settings.SilenceTimeout.TotalSeconds * sampleRate);
        _silenceLevel = (float)Math.Pow(10, settings.SilenceThresholdDb / 20);
    }

    private enum State
    {
        Automation,
        FadingIn,
        Live,
        FadingOut,
    }

    /// <summary>True from the start of the fade to live until the end of the fade back.</summary>
    public bool IsLive => _state != State.Automation;

    /// <summary>Blocks in which the live source had no audio ready (network underruns).</summary>
    public long Underruns { get; private set; }

    public void Process(PcmBlock block)
    {
        ArgumentNullException.ThrowIfNull(block);
        if (block.TrackStarts.Count > 0)
        {
            _automationCurrent = block.TrackStarts[^1];
        }

        if (_state == State.Automation)
        {
            if (_input.Owner is null || _input.Audio.Available < Math.Max(_prebufferSamples, block.Buffer.Length))
            {
                return;
            }

            _state = State.FadingIn;
            _fadePos = 0;
            _silentFor = 0;
            LiveStarted(_logger, _input.Owner ?? "?");
        }

        var buffer = block.Buffer;
        if (_live.Length < buffer.Length)
        {
            _live = new float[buffer.Length];
        }

        var live = _live.AsSpan(0, buffer.Length);
        int got = _input.Audio.Read(live);
        if (got < live.Length)
        {
            live[got..].Clear();
            if (_state == State.Live && _input.Owner is not null)
            {
                Underruns++;
            }
        }

        block.ClearTrackStarts();
        if (_state != State.FadingOut && _input.TitleVersion != _titleVersion && _input.Title is { } t)
        {
            _titleVersion = _input.TitleVersion;
            block.AddTrackStart(new TrackStart(block.FirstFrame, new PlayoutItem(new TrackInfo("live:" + (_input.Owner ?? "presenter"), t.Artist, t.Title, null), "live source on air"), null));
        }

        Mix(buffer, live);
        if (_state == State.Live)
        {
            WatchSilenceAndDisconnect(live, block);
        }

        if (_state == State.FadingOut && _fadePos >= _fadeFrames)
        {
            _state = State.Automation;
            _titleVersion = -1;
            if (_automationCurrent is { } current)
            {
                block.AddTrackStart(new TrackStart(block.FirstFrame, current.Item, current.Duration));
            }

            LiveEnded(_logger);
        }
    }

    /// <summary>Linear-in-power (equal-power) crossfade between automation and live over the fade length.</summary>
    private void Mix(float[] buffer, ReadOnlySpan<float> live)
    {
        int frames = buffer.Length / _channels;
        for (int f = 0; f < frames; f++)
        {
            double x = _state switch
            {
                State.FadingIn => Math.Min(1.0, (double)_fadePos / _fadeFrames),
                State.FadingOut => Math.Max(0.0, 1.0 - ((double)_fadePos / _fadeFrames)),
                _ => 1.0,
            };
            float liveGain = (float)Math.Sin(x * Math.PI / 2);
            float autoGain = (float)Math.Cos(x * Math.PI / 2);
            for (int c = 0; c < _channels; c++)
            {
                int i = (f * _channels) + c;
                buffer[i] = (autoGain * buffer[i]) + (liveGain * live[i]);
            }

            if (_state is State.FadingIn or State.FadingOut)
            {
                _fadePos++;
            }
        }

        if (_state == State.FadingIn && _fadePos >= _fadeFrames)
        {
            _state = State.Live;
        }
    }

    private void WatchSilenceAndDisconnect(ReadOnlySpan<float> live, PcmBlock block)
    {
        float peak = 0;
        foreach (float s in live)
        {
            peak = Math.Max(peak, Math.Abs(s));
        }

        _silentFor = peak < _silenceLevel ? _silentFor + block.Frames : 0;
        bool gone = _input.Owner is null && _input.Audio.Available == 0;
        if (gone || _silentFor >= _silenceFrames)
        {
            if (!gone)
            {
                LiveSilent(_logger, _settings.SilenceTimeout.TotalSeconds);
                _input.Reject();
            }

            _state = State.FadingOut;
            _fadePos = 0;
        }
    }

    [LoggerMessage(PlayoutLogIds.Live + 0, LogLevel.Information, "Live: {Presenter} is on air (fading in from automation)")]
    private static partial void LiveStarted(ILogger logger, string presenter);

    [LoggerMessage(PlayoutLogIds.Live + 1, LogLevel.Information, "Live: source ended; automation is back on air")]
    private static partial void LiveEnded(ILogger logger);

    [LoggerMessage(PlayoutLogIds.Live + 2, LogLevel.Warning, "Live: the source sent silence for {Seconds} s; handing back to automation and closing it")]
    private static partial void LiveSilent(ILogger logger, double seconds);
}
