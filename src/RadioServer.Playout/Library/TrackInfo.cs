namespace RadioServer.Playout.Library;

/// <summary>What the station knows about one audio file: where it is and what to call it on air.</summary>
public sealed record TrackInfo(string Path, string? Artist, string? Title, string? Album)
{
    /// <summary>
    /// The title listeners see: "Artist - Title" from the tags, the title alone, or the file name
    /// without extension when the file is untagged.
    /// </summary>
    public string DisplayTitle =>
        (Artist, Title) switch
        {
            ({ Length: > 0 } a, { Length: > 0 } t) => $"{a} - {t}",
            (_, { Length: > 0 } t) => t,
            _ => System.IO.Path.GetFileNameWithoutExtension(Path),
        };
}
