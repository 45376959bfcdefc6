namespace RadioServer.Directories;

/// <summary>
/// What a directory is told about one mount when it is added: the station's name, genre, description and web site,
/// the address listeners use, and the stream's format (<paramref name="ContentType"/>, <paramref name="SubType"/>:
/// <c>MP3</c>, <c>Opus</c>), bitrate in kbps and audio info (<c>channels=2;samplerate=44100;bitrate=128</c>).
/// </summary>
internal sealed record YpStream(
    string Name,
    string Genre,
    string Description,
    string Url,
    string ListenUrl,
    string ContentType,
    string SubType,
    int Bitrate,
    string AudioInfo);
