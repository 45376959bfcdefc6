using RadioServer.Streaming.Mp3;
using RadioServer.TestSupport;

namespace RadioServer.Tests.Support;

/// <summary>Makes real MP3 files (LAME-encoded, ID3v2-tagged with TagLibSharp) of pure tones, one frequency per track.</summary>
internal static class ToneLibrary
{
    public static string Create(string dir, string fileName, double frequency, double seconds, string? artist, string? title,
        int sampleRate = 44100, int channels = 2, int kbps = 128)
    {
        string path = Path.Combine(dir, fileName);
        using (var encoder = new LameMp3Encoder(new LameEncoderSettings(sampleRate, channels, sampleRate, channels, kbps)))
        using (var file = File.Create(path))
        {
            var pcm = ToneAnalysis.Sine(frequency, seconds, sampleRate, channels);
            file.Write(encoder.Encode(pcm));
            file.Write(encoder.Flush());
        }

        if (title is not null)
        {
            using var tagged = TagLib.File.Create(path);
            tagged.Tag.Title = title;
            tagged.Tag.Performers = artist is null ? [] : [artist];
            tagged.Save();
        }

        return path;
    }
}
