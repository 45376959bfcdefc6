using RadioServer.Playout.Live;

namespace RadioServer.Configuration;

/// <summary>Live shows (section <c>station.live</c>): where presenters connect and how automation hands over.</summary>
public sealed record LiveOptions
{
    /// <summary>The mount source clients (butt, Mixxx, ffmpeg, Liquidsoap) send to; empty disables live input.</summary>
    public string Mount { get; init; } = "/live.mp3";

    /// <summary>Presenter accounts; the station's source user (password from RADIOSERVER_SOURCE_PASSWORD) is accepted too.</summary>
    public IReadOnlyList<PresenterOptions> Presenters { get; init; } = [];

    public int CrossfadeMilliseconds { get; init; } = 1000;

    public int PrebufferMilliseconds { get; init; } = 500;

    /// <summary>A presenter sending only silence this long is taken off air (dead-air watchdog).</summary>
    public double SilenceSeconds { get; init; } = 10;

    /// <summary>A source that sends nothing at all for this long is dropped (Icecast's source-timeout).</summary>
    public double SourceTimeoutSeconds { get; init; } = 10;

    /// <summary>The playout's hand-over settings.</summary>
    public LiveSettings ToSettings() => new(TimeSpan.FromMilliseconds(CrossfadeMilliseconds), TimeSpan.FromMilliseconds(PrebufferMilliseconds),
        TimeSpan.FromSeconds(SilenceSeconds));
}

/// <summary>One presenter's credentials for the live mount.</summary>
public sealed record PresenterOptions
{
    public string User { get; init; } = "";

    public string Password { get; init; } = "";

    public override string ToString() => $"Presenter {{ User = {User} }}";
}
