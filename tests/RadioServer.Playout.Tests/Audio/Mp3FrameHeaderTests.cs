using RadioServer.Playout.Formats;

namespace RadioServer.Playout.Tests.Audio;

public class Mp3FrameHeaderTests
{
    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFB, 0x90, 0x64 }, 1, 3, 128, 44100, 2, 417, 1152)] // MPEG-1 L3 128k 44.1k, no padding
    [InlineData(new byte[] { 0xFF, 0xFB, 0x92, 0x64 }, 1, 3, 128, 44100, 2, 418, 1152)] // same with padding
    [InlineData(new byte[] { 0xFF, 0xF3, 0x80, 0xC4 }, 2, 3, 64, 22050, 1, 208, 576)]   // MPEG-2 L3 64k 22.05k mono
    [InlineData(new byte[] { 0xFF, 0xE3, 0x18, 0xC4 }, 25, 3, 8, 8000, 1, 72, 576)]     // MPEG-2.5 L3 8k 8 kHz mono
    public void TryParse_KnownHeaders_ReadsFields(byte[] bytes, int version, int layer, int kbps, int rate, int channels, int length, int samples)
    {
        Assert.True(Mp3FrameHeader.TryParse(bytes, out var h));
        Assert.Equal((version, layer, kbps, rate, channels, length, samples),
            (h.Version, h.Layer, h.BitrateKbps, h.SampleRate, h.Channels, h.FrameLength, h.SamplesPerFrame));
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFB, 0x00, 0x64 })] // free format
    [InlineData(new byte[] { 0xFF, 0xFB, 0xF0, 0x64 })] // bad bitrate index
    [InlineData(new byte[] { 0xFF, 0xFB, 0x9C, 0x64 })] // reserved sample rate
    [InlineData(new byte[] { 0xFF, 0xEB, 0x90, 0x64 })] // reserved version
    [InlineData(new byte[] { 0xFF, 0xF9, 0x90, 0x64 })] // reserved layer
    [InlineData(new byte[] { 0x49, 0x44, 0x33, 0x04 })] // "ID3"
    public void TryParse_InvalidHeaders_Rejects(byte[] bytes) => Assert.False(Mp3FrameHeader.TryParse(bytes, out _));
}
