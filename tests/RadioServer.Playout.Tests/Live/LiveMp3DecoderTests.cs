using RadioServer.Playout.Audio;
using RadioServer.Playout.Live;

namespace RadioServer.Playout.Tests.Live;

public class LiveMp3DecoderTests
{
    [Fact]
    public void Push_AnId3HeaderDeclaring200MB_RefusedAtOnceWithTheSize()
    {
        var decoder = new LiveMp3Decoder(StationFormat.Default, new PcmFifo(1000));
        int size = 200 * 1024 * 1024; // syncsafe: 7 bits per byte
        byte[] head = [(byte)'I', (byte)'D', (byte)'3', 4, 0, 0, (byte)((size >> 21) & 0x7F), (byte)((size >> 14) & 0x7F), (byte)((size >> 7) & 0x7F), (byte)(size & 0x7F)];

        var e = Assert.Throws<InvalidDataException>(() => decoder.Push(head));

        Assert.Contains("ID3 tag of 200 MB", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Push_AnId3HeaderWithSizeBytesThatAreNotSyncsafe_Refused()
    {
        // 0xFF size bytes read without the syncsafe mask declared a skip of about 540 MB.
        var decoder = new LiveMp3Decoder(StationFormat.Default, new PcmFifo(1000));
        byte[] head = [(byte)'I', (byte)'D', (byte)'3', 4, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF];

        var e = Assert.Throws<InvalidDataException>(() => decoder.Push(head));

        Assert.Contains("not syncsafe", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Push_ASmallId3Tag_IsSkippedAndTheFramesAfterItDecode()
    {
        var decoder = new LiveMp3Decoder(StationFormat.Default, new PcmFifo(1_000_000));
        byte[] mp3 = File.ReadAllBytes(DemoFiles.Cbr44Stereo);
        Assert.Equal("ID3"u8.ToArray(), mp3[..3]); // tagged, as ffmpeg's mp3 muxer starts a stream
        decoder.Push(mp3);
        Assert.True(decoder.FramesDecoded > 100);
    }
}
