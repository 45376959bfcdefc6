namespace RadioServer.Configuration;

/// <summary>One listener mount (section <c>station.mounts[]</c>).</summary>
public sealed record MountOptions
{
    /// <summary>The URL path listeners request, e.g. <c>/stream.mp3</c>.</summary>
    public string Path { get; init; } = "";

    /// <summary>Codec; <c>mp3</c> for now.</summary>
    public string Format { get; init; } = "mp3";

    public int Bitrate { get; init; } = 128;

    public int SampleRate { get; init; } = 44100;

    public int Channels { get; init; } = 2;

    /// <summary>LAME quality, 0 (best) to 9 (fastest).</summary>
    public int Quality { get; init; } = 5;

    /// <summary>Audio bytes between ICY metadata blocks (Icecast's default 16000).</summary>
    public int MetaInt { get; init; } = 16000;

    /// <summary>Recent audio a new listener gets at once, so playback starts fast.</summary>
    public double BurstSeconds { get; init; } = 2;

    /// <summary>How far behind live a listener may fall before it is dropped.</summary>
    public double QueueSeconds { get; init; } = 30;

    /// <summary>Audio per broadcast chunk: the granularity of bursts and title changes.</summary>
    public int ChunkMilliseconds { get; init; } = 100;

    /// <summary>Audio gathered into one write per listener (fewer, larger socket writes cost less CPU).</summary>
    public int WriteIntervalMilliseconds { get; init; } = 500;

    public string ContentType => "audio/mpeg";

    public long BurstBytes => (long)(BurstSeconds * Bitrate * 1000 / 8);

    public long QueueBytes => (long)(QueueSeconds * Bitrate * 1000 / 8);
}
