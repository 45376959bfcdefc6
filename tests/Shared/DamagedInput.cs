using CsCheck;

namespace RadioServer.TestSupport;

/// <summary>
/// Generators for the property tests of readers that take bytes from strangers: pure noise, or a real stream damaged
/// the ways networks, disks and people damage it (bytes flipped, cut short, junk spliced in), arriving in random pieces.
/// </summary>
public static class DamagedInput
{
    /// <summary>
    /// Noise (1 in 5), or a piece of <paramref name="real"/> (from its start half the time) of up to <paramref name="longest"/>
    /// bytes with up to <paramref name="flips"/> bytes changed and up to <paramref name="junk"/> random bytes spliced in.
    /// </summary>
    public static Gen<byte[]> Of(byte[] real, int longest, int flips = 20, int junk = 300) => Gen.Frequency(
        (1, Gen.Byte.Array[0, longest]),
        (4, Gen.Select(Gen.Frequency((1, Gen.Const(0)), (1, Gen.Int[0, real.Length - 1])), Gen.Int[1, longest],
            Gen.Int[0, flips].SelectMany(n => Gen.Select(Gen.Int[0, longest - 1], Gen.Byte).Array[n]), Gen.Byte.Array[0, junk], Gen.Int[0, longest],
            (start, length, changes, noise, noiseAt) =>
            {
                var bytes = real.AsSpan(start, Math.Min(length, real.Length - start)).ToArray();
                foreach (var (at, value) in changes)
                {
                    if (at < bytes.Length)
                    {
                        bytes[at] = value;
                    }
                }

                int splice = Math.Min(noiseAt, bytes.Length);
                byte[] damaged = [.. bytes.AsSpan(0, splice), .. noise, .. bytes.AsSpan(splice)];
                return damaged;
            })));

    /// <summary><see cref="Of"/> with the sizes of the pieces it arrives in (each up to <paramref name="largestPiece"/> bytes).</summary>
    public static Gen<(byte[] Bytes, int[] Pieces)> Arriving(byte[] real, int longest, int largestPiece = 2048, int flips = 20, int junk = 300) =>
        Gen.Select(Of(real, longest, flips, junk), Gen.Int[1, largestPiece].Array[1, 8]);

    /// <summary><paramref name="bytes"/> cut into pieces of the given sizes, taken in turn.</summary>
    public static IEnumerable<ReadOnlyMemory<byte>> Split(byte[] bytes, int[] pieces)
    {
        int at = 0;
        for (int i = 0; at < bytes.Length; i++)
        {
            int n = Math.Min(pieces[i % pieces.Length], bytes.Length - at);
            yield return bytes.AsMemory(at, n);
            at += n;
        }
    }
}
