using CsCheck;
using RadioServer.Playout.Audio;
using RadioServer.Playout.Formats;
using RadioServer.Playout.Live;
using RadioServer.Playout.Tests.Live;
using RadioServer.TestSupport;

namespace RadioServer.Playout.Tests.Formats;

/// <summary>
/// Generated input for the readers that take bytes from strangers (a presenter's source, a file someone uploaded):
/// 100,000 cases each, some pure noise, most a real stream damaged (bytes flipped, cut, junk spliced in) and pushed
/// in random pieces. None may throw anything but its documented error, or allocate past a stated bound. A failure
/// prints CsCheck's seed; pass it as <c>seed:</c> to replay it.
/// </summary>
public class HostileInputProperties
{
    private const int Iterations = 100_000;

    private static readonly byte[] Mp3 = File.ReadAllBytes(DemoFiles.Cbr44Stereo)[..48_000];
    private static readonly byte[] Ogg = [.. LiveOggOpusDecoderTests.Stream(7, 440, 2, "Show").SelectMany(page => page)];

    [Fact]
    public void OggPacketReader_AnyInput_OnlyInvalidDataException_AllocatesLittle()
    {
        DamagedInput.Arriving(Ogg, 6000).Sample((bytes, pieces) =>
        {
            var reader = new OggPacketReader();
            long before = GC.GetAllocatedBytesForCurrentThread();
            long packets = 0;
            try
            {
                foreach (var piece in DamagedInput.Split(bytes, pieces))
                {
                    reader.Push(piece.Span, (packet, _, _) => packets += packet.Length);
                }
            }
            catch (InvalidDataException)
            {
            }

            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            // Its buffer grows to hold what arrives (at most two pages), its packet buffer to the longest packet.
            Assert.True(allocated <= (3L * bytes.Length) + (64 * 1024), $"{allocated} bytes allocated for {bytes.Length} bytes of input");
        }, iter: Iterations);
    }

    [Fact]
    public void Mp3Probe_AnyFile_NeverThrows_AllocatesLittle()
    {
        DamagedInput.Of(Mp3, 6000).Sample(bytes =>
        {
            using var stream = new MemoryStream(bytes, writable: false);
            long before = GC.GetAllocatedBytesForCurrentThread();
            var result = Mp3Probe.Probe(stream);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(result.IsPlayable || result.Error!.Length > 0);
            Assert.True(allocated <= 64 * 1024, $"{allocated} bytes allocated probing {bytes.Length} bytes");
        }, iter: Iterations);
    }

    [Fact]
    public void Mp3FileDecoder_AnyFile_OnlyInvalidDataException_SamplesBounded_AllocatesLittle()
    {
        // Up to 2.4 KB (about six frames) each: decoding is the costly part, and damage shows in the first frames.
        DamagedInput.Of(Mp3, 2400).Sample(bytes =>
        {
            var buffer = new float[4096];
            long before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                using var decoder = new Mp3FileSampleProvider(new MemoryStream(bytes, writable: false));
                int n;
                while ((n = decoder.Read(buffer)) > 0)
                {
                    foreach (float s in buffer.AsSpan(0, n))
                    {
                        Assert.True(s is >= -1f and <= 1f, $"sample {s}");
                    }
                }

            }
            catch (InvalidDataException)
            {
            }

            long allocated = GC.GetAllocatedBytesForCurrentThread() - before - (4 * buffer.Length);
            // Per file, not per frame (the live decoder's bound): NLayer's decoder state (rebuilt after a reset, at most
            // one a second of audio), the walker's window (at most the file), our frame buffers, a resampler per sample
            // rate damage seems to switch to. Steady decoding allocates nothing (Mp3FileSampleProviderTests).
            Assert.True(allocated <= 4 * 1024 * 1024, $"{allocated} bytes allocated decoding {bytes.Length} bytes");
        }, iter: Iterations);
    }

    [Fact]
    public void LiveMp3Decoder_AnyInput_OnlyInvalidDataException_SamplesFiniteAndBounded()
    {
        // Up to 1.2 KB (about three frames) each: decoding is the costly part, and damage shows in the first frames.
        DamagedInput.Arriving(Mp3, 1200).Sample((bytes, pieces) =>
        {
            var output = new PcmFifo(16 * 1024); // more than three frames (1.2 KB of MP3) decode to, and under the large-object size
            output.Open();
            var decoder = new LiveMp3Decoder(StationFormat.Default, output);
            long before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                foreach (var piece in DamagedInput.Split(bytes, pieces))
                {
                    decoder.Push(piece.Span);
                }
            }
            catch (InvalidDataException)
            {
            }

            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(allocated <= 4 * 1024 * 1024, $"{allocated} bytes allocated decoding {bytes.Length} bytes");
            var samples = new float[output.Available];
            output.Read(samples);
            // Decoded samples are clamped to ±1 (NLayer gave -1.5 and beyond from damaged frames before). Junk that parses
            // as frames of another rate is resampled to the station's, which rings past full scale on noise (1.22 seen):
            // bounded by the resampler's gain, and the bus limiter comes after.
            Assert.All(samples, s => Assert.True(float.IsFinite(s) && s is >= -2f and <= 2f, $"sample {s}"));
        }, iter: Iterations);
    }

    [Fact]
    public void LiveOggOpusDecoder_AnyInput_OnlyInvalidDataException()
    {
        // Up to 2.5 KB (about ten packets) each: half start at the stream's head, so most cases really decode.
        DamagedInput.Arriving(Ogg, 2500).Sample((bytes, pieces) =>
        {
            var input = new LiveInput(16 * 1024);
            input.Audio.Open();
            var decoder = new LiveOggOpusDecoder(StationFormat.Default, input);
            try
            {
                foreach (var piece in DamagedInput.Split(bytes, pieces))
                {
                    decoder.Push(piece.Span);
                }
            }
            catch (InvalidDataException)
            {
            }
        }, iter: Iterations);
    }
}
