using CsCheck;
using RadioServer.Playout.Audio;
using RadioServer.Playout.Formats;
using RadioServer.Playout.Live;

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
    private static readonly byte[] Ogg = OggStream();

    /// <summary>Noise, or a slice of <paramref name="real"/> with flipped bytes, a cut and spliced junk.</summary>
    private static Gen<byte[]> Damaged(byte[] real, int longest = 6000) => Gen.Frequency(
        (1, Gen.Byte.Array[0, 4096]),
        (4, Gen.Select(Gen.Int[0, real.Length - 1], Gen.Int[1, longest], Gen.Int[0, 20].SelectMany(n => Gen.Select(Gen.Int[0, longest - 1], Gen.Byte).Array[n]), Gen.Byte.Array[0, 300], Gen.Int[0, longest],
            (start, length, flips, junk, junkAt) =>
            {
                var bytes = real.AsSpan(start, Math.Min(length, real.Length - start)).ToArray();
                foreach (var (at, value) in flips)
                {
                    if (at < bytes.Length)
                    {
                        bytes[at] = value;
                    }
                }

                int splice = Math.Min(junkAt, bytes.Length);
                byte[] damaged = [.. bytes.AsSpan(0, splice), .. junk, .. bytes.AsSpan(splice)];
                return damaged;
            })));

    /// <summary>The input and the sizes of the pieces it arrives in.</summary>
    private static Gen<(byte[] Bytes, int[] Pieces)> Arriving(byte[] real, int longest = 6000) => Gen.Select(Damaged(real, longest), Gen.Int[1, 2048].Array[1, 8]);

    private static IEnumerable<ReadOnlyMemory<byte>> Split(byte[] bytes, int[] pieces)
    {
        int at = 0;
        for (int i = 0; at < bytes.Length; i++)
        {
            int n = Math.Min(pieces[i % pieces.Length], bytes.Length - at);
            yield return bytes.AsMemory(at, n);
            at += n;
        }
    }

    [Fact]
    public void OggPacketReader_AnyInput_OnlyInvalidDataException_AllocatesLittle()
    {
        Arriving(Ogg).Sample((bytes, pieces) =>
        {
            var reader = new OggPacketReader();
            long before = GC.GetAllocatedBytesForCurrentThread();
            long packets = 0;
            try
            {
                foreach (var piece in Split(bytes, pieces))
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
        Damaged(Mp3).Sample(bytes =>
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
    public void LiveMp3Decoder_AnyInput_OnlyInvalidDataException_SamplesFiniteAndBounded()
    {
        // Up to 1.2 KB (about three frames) each: decoding is the costly part, and damage shows in the first frames.
        Arriving(Mp3, 1200).Sample((bytes, pieces) =>
        {
            var output = new PcmFifo(16 * 1024); // more than three frames (1.2 KB of MP3) decode to, and under the large-object size
            output.Open();
            var decoder = new LiveMp3Decoder(StationFormat.Default, output);
            long before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                foreach (var piece in Split(bytes, pieces))
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
        Arriving(Ogg).Sample((bytes, pieces) =>
        {
            var input = new LiveInput(16 * 1024);
            input.Audio.Open();
            var decoder = new LiveOggOpusDecoder(StationFormat.Default, input);
            try
            {
                foreach (var piece in Split(bytes, pieces))
                {
                    decoder.Push(piece.Span);
                }
            }
            catch (InvalidDataException)
            {
            }
        }, iter: Iterations);
    }

    /// <summary>A real Ogg Opus stream: 2 s of a tone in 20 ms packets, as a source client sends it.</summary>
    private static byte[] OggStream()
    {
        var pages = new List<byte>();
        var encoder = Concentus.OpusCodecFactory.CreateEncoder(48000, 2, Concentus.Enums.OpusApplication.OPUS_APPLICATION_AUDIO);
        var head = new byte[19];
        "OpusHead"u8.CopyTo(head);
        head[8] = 1;
        head[9] = 2;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(head.AsSpan(12), 48000);
        uint sequence = 0;
        pages.AddRange(Page(7, sequence++, 0x02, 0, head));
        pages.AddRange(Page(7, sequence++, 0, 0, "OpusTags\u0004\0\0\0test\0\0\0\0"u8));
        var pcm = new float[960 * 2];
        var packet = new byte[4000];
        for (int f = 0; f < 100; f++)
        {
            for (int i = 0; i < 960; i++)
            {
                pcm[2 * i] = pcm[(2 * i) + 1] = (float)(0.3 * Math.Sin(2 * Math.PI * 440 * ((f * 960) + i) / 48000));
            }

            int n = encoder.Encode(pcm, 960, packet, packet.Length);
            pages.AddRange(Page(7, sequence++, 0, (f + 1) * 960, packet.AsSpan(0, n)));
        }

        return [.. pages];
    }

    private static byte[] Page(int serial, uint sequence, byte flags, long granule, ReadOnlySpan<byte> packet)
    {
        int segments = (packet.Length / 255) + 1;
        var page = new byte[27 + segments + packet.Length];
        "OggS"u8.CopyTo(page);
        page[5] = flags;
        System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(page.AsSpan(6), granule);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(page.AsSpan(14), serial);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(page.AsSpan(18), sequence);
        page[26] = (byte)segments;
        for (int i = 0; i < segments; i++)
        {
            page[27 + i] = (byte)(i < segments - 1 ? 255 : packet.Length % 255);
        }

        packet.CopyTo(page.AsSpan(27 + segments));
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(page.AsSpan(22), OggCrc.Compute(page));
        return page;
    }
}
