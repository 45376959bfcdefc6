using RadioServer.Streaming.Icy;

namespace RadioServer.Streaming.Mounts;

/// <summary>One listener mount (section <c>station.mounts[]</c>).</summary>
public sealed record MountOptions
{
    /// <summary>The URL path listeners request, e.g. <c>/stream.mp3</c>.</summary>
    public string Path { get; init; } = "";

    /// <summary>Codec: <c>mp3</c> (LAME) or <c>opus</c> (Ogg Opus, 48 kHz, titles in-band).</summary>
    public MountCodec Format { get; init; } = MountCodec.Mp3;

    /// <summary>Listeners this mount accepts (0 = no limit); the next gets Icecast's 403.</summary>
    public int MaxListeners { get; init; }

    /// <summary>ICY title charset: <c>UTF-8</c> (default) or <c>ISO-8859-1</c> for old hardware radios.</summary>
    public IcyCharset Charset { get; init; } = IcyCharset.Utf8;

    /// <summary>A hidden mount is served but left out of public stats, playlists and directories.</summary>
    public bool Hidden { get; init; }

    /// <summary>
    /// Whether directories may list this mount (<c>icy-pub</c>, YP listing); null: the station's <c>public</c>. A hidden
    /// mount is never public.
    /// </summary>
    public bool? Public { get; init; }

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

    public bool IsOgg => Format == MountCodec.Opus;

    /// <summary>Whether the mount may be listed, given the station's <c>public</c> flag (the default of mounts that do not say).</summary>
    public bool IsPublic(bool stationPublic) => !Hidden && (Public ?? stationPublic);

    /// <summary>The codec as <c>station.yaml</c> names it (<c>mp3</c>, <c>opus</c>).</summary>
    public string FormatName => IsOgg ? "opus" : "mp3";

    public string ContentType => IsOgg ? "audio/ogg" : "audio/mpeg";

    public bool Latin1Titles => Charset == IcyCharset.Latin1;

    /// <summary>The stream's audio info as libshout sends it (and Icecast turns into stats fields).</summary>
    public string AudioInfo => $"channels={Channels};samplerate={SampleRate};bitrate={Bitrate}";

    public long BurstBytes => (long)(BurstSeconds * Bitrate * 1000 / 8);

    public long QueueBytes => (long)(QueueSeconds * Bitrate * 1000 / 8);
}
