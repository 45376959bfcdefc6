using System.Buffers;
using System.Text;
using CsCheck;
using RadioServer.Icecast;
using RadioServer.Source;

namespace RadioServer.Tests.Source;

/// <summary>
/// Generated input for the host's hand-written readers of bytes from strangers: the request head read off the raw
/// connection, a source's chunked body and its ICY metadata. 100,000 cases each, noise and damaged real input in
/// random pieces; none may throw anything but its documented error, or allocate past a stated bound. A failure
/// prints CsCheck's seed; pass it as <c>seed:</c> to replay it.
/// </summary>
[Trait("Layer", "Unit")]
public class HostileInputProperties
{
    private const int Iterations = 100_000;

    private static readonly byte[] Head = Encoding.ASCII.GetBytes(
        "GET /stream.mp3?x=1 HTTP/1.1\r\nHost: radio.example:8000\r\nUser-Agent: VLC/3.0.18 LibVLC/3.0.18\r\nIcy-MetaData: 1\r\n" +
        "X-Forwarded-For: 203.0.113.7, 10.0.0.1\r\nRange: bytes=0-\r\nAuthorization: Basic c291cmNlOmhhY2ttZQ==\r\n\r\n");

    private static readonly byte[] Chunked = Encoding.ASCII.GetBytes("10\r\n0123456789abcdef\r\n1A;ext=1\r\nabcdefghijklmnopqrstuvwxyz\r\n3\r\nxyz\r\n0\r\n\r\n");

    /// <summary>Noise, or <paramref name="real"/> with flipped bytes, a cut and spliced junk.</summary>
    private static Gen<byte[]> Damaged(byte[] real) => Gen.Frequency(
        (1, Gen.Byte.Array[0, 2048]),
        (4, Gen.Select(Gen.Int[0, real.Length], Gen.Int[0, 8].SelectMany(n => Gen.Select(Gen.Int[0, real.Length - 1], Gen.Byte).Array[n]), Gen.Byte.Array[0, 64], Gen.Int[0, real.Length],
            (cut, flips, junk, junkAt) =>
            {
                var bytes = (byte[])real.Clone();
                foreach (var (at, value) in flips)
                {
                    bytes[at] = value;
                }

                int splice = Math.Min(junkAt, cut);
                byte[] damaged = [.. bytes.AsSpan(0, splice), .. junk, .. bytes.AsSpan(splice, cut - splice)];
                return damaged;
            })));

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
    public void RequestHead_AnyBytes_NeverThrows_AllocatesLittle()
    {
        Damaged(Head).Sample(bytes =>
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            var result = HttpRequestHead.TryParse(new ReadOnlySequence<byte>(bytes), 8192, out var head, out long length);
            if (result == HeadParse.Complete)
            {
                Assert.NotNull(head);
                Assert.InRange(length, 1, bytes.Length);
                _ = head.Path;
                _ = head.Header("Icy-MetaData");
            }

            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(allocated <= 16 * 1024 + (8 * bytes.Length), $"{allocated} bytes allocated for a {bytes.Length}-byte head");
        }, iter: Iterations);
    }

    [Fact]
    public void ChunkedDecoder_AnyBody_OnlyInvalidDataException_NeverWritesMoreThanItReads()
    {
        Gen.Select(Damaged(Chunked), Gen.Int[1, 64].Array[1, 6]).Sample((bytes, pieces) =>
        {
            var decoder = new ChunkedDecoder();
            var output = new byte[bytes.Length];
            long allocated = 0;
            try
            {
                foreach (var piece in Split(bytes, pieces))
                {
                    long before = GC.GetAllocatedBytesForCurrentThread();
                    int n = decoder.Decode(piece.Span, output);
                    allocated += GC.GetAllocatedBytesForCurrentThread() - before;
                    Assert.InRange(n, 0, piece.Length);
                }
            }
            catch (InvalidDataException)
            {
                return; // the refusal itself (the exception) is the only allocation allowed
            }

            Assert.Equal(0L, allocated);
        }, iter: Iterations);
    }

    [Fact]
    public void IcyMetadataStripper_AnyStream_OnlyInvalidDataException_AudioNeverLongerThanInput()
    {
        var icy = Encoding.Latin1.GetBytes("StreamTitle='Ọ̀yọ́ - Song';StreamUrl='';").Concat(new byte[8]).ToArray()[..48];
        byte[] real = [.. new byte[100], 3, .. icy, .. new byte[100], 0, .. new byte[100], 3, .. icy, .. new byte[50]];
        Gen.Select(Damaged(real), Gen.Int[1, 300].Array[1, 6], Gen.Frequency((3, Gen.Const(100)), (1, Gen.Int[1, 200]))).Sample((bytes, pieces, metaInt) =>
        {
            var titles = 0;
            var stripper = new IcyMetadataStripper(metaInt, _ => titles++);
            var audio = new byte[bytes.Length];
            long allocated = 0;
            try
            {
                foreach (var piece in Split(bytes, pieces))
                {
                    long before = GC.GetAllocatedBytesForCurrentThread();
                    int n = stripper.Strip(piece.Span, audio);
                    allocated += GC.GetAllocatedBytesForCurrentThread() - before;
                    Assert.InRange(n, 0, piece.Length);
                }
            }
            catch (InvalidDataException)
            {
                return; // the refusal (the exception) is allowed its own allocation
            }

            // Only the titles found allocate (their strings); the metadata block is read into a fixed buffer.
            Assert.True(allocated <= 256 + (4L * bytes.Length), $"{allocated} bytes allocated for {bytes.Length} bytes ({titles} titles)");
        }, iter: Iterations);
    }
}
