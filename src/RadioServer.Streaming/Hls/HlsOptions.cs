namespace RadioServer.Streaming.Hls;

/// <summary>
/// HLS output (section <c>station.hls</c>): renditions encoded from the PCM bus beside the Icecast mounts, cut into
/// segments kept on disk for a rewind window. Off while <see cref="Renditions"/> is empty.
/// </summary>
public sealed record HlsOptions
{
    /// <summary>Target segment length; each segment is a whole number of MP3 frames within 1 % of it.</summary>
    public double SegmentSeconds { get; init; } = 4;

    /// <summary>How far back a listener can rewind: segments older than this are deleted.</summary>
    public double WindowMinutes { get; init; } = 120;

    /// <summary>Segments in the live playlist (the rewind window is reached with <c>?start=</c>).</summary>
    public int LiveSegments { get; init; } = 6;

    /// <summary>The folder of segments, relative to <c>data_folder</c>.</summary>
    public string Folder { get; init; } = "hls";

    public IReadOnlyList<HlsRenditionOptions> Renditions { get; init; } = [];

    public bool Enabled => Renditions.Count > 0;

    public TimeSpan Window => TimeSpan.FromMinutes(WindowMinutes);
}

/// <summary>One HLS rendition (<c>station.hls.renditions[]</c>): MP3 packed audio at its bitrate.</summary>
public sealed record HlsRenditionOptions
{
    /// <summary>Its name in URLs (<c>/hls/&lt;name&gt;.m3u8</c>): letters, digits, '-' and '_'.</summary>
    public string Name { get; init; } = "";

    public int Bitrate { get; init; } = 96;

    public int SampleRate { get; init; } = 44100;

    public int Channels { get; init; } = 2;

    /// <summary>LAME quality, 0 (best) to 9 (fastest).</summary>
    public int Quality { get; init; } = 5;

    /// <summary>Samples per MP3 frame at this rate: 1152 for MPEG-1 rates (32, 44.1, 48 kHz), 576 below.</summary>
    public int SamplesPerFrame => SampleRate >= 32000 ? 1152 : 576;

    /// <summary>Seconds per MP3 frame: renditions must share it, so their segments cover the same instants.</summary>
    public double FrameSeconds => (double)SamplesPerFrame / SampleRate;
}
