using System.Buffers;
using System.Text;
using CsCheck;
using RadioServer.Icecast;
using RadioServer.Source;
using RadioServer.TestSupport;

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

    /// <summary>
    /// Feeds the pieces to <paramref name="read"/> (which returns how many output bytes it wrote), checking each writes
    /// no more than it was given; returns the bytes allocated by the reader, or null when it refused the input.
    /// </summary>
    private static long? FeedAll(byte[] bytes, int[] pieces, Func<ReadOnlyMemory<byte>, int> read)
    {
        long allocated = 0;
        try
        {
            foreach (var piece in DamagedInput.Split(bytes, pieces))
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                int n = read(piece);
                allocated += GC.GetAllocatedBytesForCurrentThread() - before;
                Assert.InRange(n, 0, piece.Length);
            }
        }
        catch (InvalidDataException)
        {
            return null; // the refusal (the exception) is allowed its own allocation
        }

        return allocated;
    }

    [Fact]
    public void RequestHead_AnyBytes_NeverThrows_AllocatesLittle()
    {
        DamagedInput.Of(Head, Head.Length, flips: 8, junk: 64).Sample(bytes =>
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
        DamagedInput.Arriving(Chunked, Chunked.Length, largestPiece: 64, flips: 8, junk: 64).Sample((bytes, pieces) =>
        {
            var decoder = new ChunkedDecoder();
            var output = new byte[bytes.Length];
            Assert.True(FeedAll(bytes, pieces, piece => decoder.Decode(piece.Span, output)) is null or 0);
        }, iter: Iterations);
    }

    [Fact]
    public void IcyMetadataStripper_AnyStream_OnlyInvalidDataException_AudioNeverLongerThanInput()
    {
        var icy = Encoding.Latin1.GetBytes("StreamTitle='Ọ̀yọ́ - Song';StreamUrl='';").Concat(new byte[8]).ToArray()[..48];
        byte[] real = [.. new byte[100], 3, .. icy, .. new byte[100], 0, .. new byte[100], 3, .. icy, .. new byte[50]];
        Gen.Select(DamagedInput.Arriving(real, real.Length, largestPiece: 300, flips: 8, junk: 64), Gen.Frequency((3, Gen.Const(100)), (1, Gen.Int[1, 200])))
            .Sample((input, metaInt) =>
            {
                var (bytes, pieces) = input;
                var titles = 0;
                var stripper = new IcyMetadataStripper(metaInt, _ => titles++);
                var audio = new byte[bytes.Length];

                // Only the titles found allocate: each its string (2 bytes a byte) and, when its bytes are not valid UTF-8,
                // the decoder's replacement buffer (584 bytes for a 60-byte input with one such title, seed a6WBQVaCssn2).
                // The metadata block itself is read into a fixed buffer.
                long? allocated = FeedAll(bytes, pieces, piece => stripper.Strip(piece.Span, audio));
                Assert.True(allocated is null || allocated <= 256 + (4L * bytes.Length) + (1024L * titles), $"{allocated} bytes allocated for {bytes.Length} bytes ({titles} titles)");
            }, iter: Iterations);
    }
}
