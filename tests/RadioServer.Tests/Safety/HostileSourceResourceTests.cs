using System.Buffers.Binary;
using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using RadioServer.Playout.Formats;
using RadioServer.Tests.Support;
using Xunit.Abstractions;

namespace RadioServer.Tests.Safety;

/// <summary>
/// Issue 11, part 2, measured on the station's own process: authenticated sources that send what a broken or hostile
/// encoder sends, one after another over real sockets, while a listener listens. Each must leave the process's
/// resident memory within 50 MB of where it started, its CPU under half a core, the listener's audio unbroken, and
/// the live mount free for the next presenter within <c>source_timeout_seconds</c> of the attack ending.
/// </summary>
[Trait("Layer", "Server")]
public sealed class HostileSourceResourceTests(ITestOutputHelper output)
{
    private const string Password = "hostile-secret";
    private const double SourceTimeout = 3;
    private static readonly TimeSpan AttackLimit = TimeSpan.FromSeconds(12);

    [Fact]
    public async Task HostileSources_RssWithin50Mb_CpuUnderHalfACore_ListenerUnbroken_MountFreeWithinTheTimeout()
    {
        string dir = StationHost.TempDir();
        ToneLibrary.Create(dir, "a.mp3", 440, 6, "Automation", "Tone 440");
        byte[] song = await File.ReadAllBytesAsync(ToneLibrary.Create(dir, "fast.mp3", 1000, 20, "Presenter", "Tone 1000"));
        string config = StationHost.WriteConfig(dir, "a.mp3");
        using var station = await StationProcess.StartAsync(config, "--station:sourcepassword=" + Password,
            $"--station:live:source_timeout_seconds={SourceTimeout}", "--station:live:crossfademilliseconds=200");
        await using var listener = await IcyClient.ConnectAsync(new Uri(station.BaseUri, "/stream.mp3"));
        var listening = listener.ReadForAsync(TimeSpan.FromSeconds(50));
        await Task.Delay(3000); // warm: the first listener, the encoders, the JIT
        long baseline = station.RssBytes;

        (string Name, string Mount, string Type, Func<NetworkStream, CancellationToken, Task> Send)[] attacks =
        [
            ("200 MB of Ogg pages continuing one packet", "/live.mp3", "audio/ogg", (s, ct) => SendAsync(s, ContinuationPages(), 200L << 20, ct)),
            ("50 MB of OggS-dense junk", "/live.mp3", "audio/ogg", (s, ct) => SendAsync(s, OggSJunk(), 50L << 20, ct)),
            ("one junk byte every 2 s", "/live.mp3", "audio/mpeg", async (s, ct) =>
            {
                while (true)
                {
                    await s.WriteAsync(new byte[] { 0x5A }, ct);
                    await Task.Delay(2000, ct);
                }
            }),
            ("an ID3 header declaring 500 MB", "/live.mp3", "audio/mpeg", (s, ct) => SendAsync(s, Id3Declaring(500 << 20), 500L << 20, ct)),
            ("MP3 at 20x real time and more", "/live.mp3", "audio/mpeg", (s, ct) => SendAsync(s, Chunks(song), song.Length, ct)),
        ];

        var table = new StringBuilder($"baseline RSS {baseline / 1048576.0:F1} MB\n");
        var failures = new List<string>();
        var listenerClock = Stopwatch.StartNew();
        foreach (var (name, mount, type, send) in attacks)
        {
            var cpuBefore = station.CpuTime;
            var clock = Stopwatch.StartNew();
            table.Append(System.Globalization.CultureInfo.InvariantCulture, $"{name} (from {listenerClock.Elapsed.TotalSeconds + 3:F1} s): ");
            long peak = 0;
            using var stopSampling = new CancellationTokenSource();
            var sampling = Task.Run(async () =>
            {
                while (!stopSampling.IsCancellationRequested)
                {
                    peak = Math.Max(peak, station.RssBytes);
                    await Task.Delay(100, CancellationToken.None);
                }
            });

            TimeSpan? free = null;
            using (var source = await ConnectSourceAsync(station.BaseUri, mount, type))
            {
                using var limit = new CancellationTokenSource(AttackLimit);
                var attack = Task.Run(async () =>
                {
                    try
                    {
                        await send(source.GetStream(), limit.Token);
                        await Task.Delay(TimeSpan.FromSeconds(4), limit.Token); // an encoder that stays connected after its burst
                    }
                    catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
                    {
                        // the station hung up on it, or the attack ran out of time
                    }
                });

                // The next presenter knocks every 100 ms: when does the station let the attacker go?
                while (!attack.IsCompleted && free is null && clock.Elapsed < AttackLimit)
                {
                    if (await IsFreeAsync(station.BaseUri, mount, type))
                    {
                        free = clock.Elapsed;
                    }
                    else
                    {
                        await Task.Delay(100);
                    }
                }

                await limit.CancelAsync(); // the probe got the mount: the attacker is gone whatever it still writes
                await attack;
            }

            free ??= clock.Elapsed + await WaitUntilFreeAsync(station.BaseUri, mount, type); // it ended by itself (a complete song)
            while (clock.Elapsed < TimeSpan.FromSeconds(3))
            {
                await Task.Delay(100); // CPU over at least 3 s, not over a burst
            }

            await stopSampling.CancelAsync();
            await sampling;
            double cpu = (station.CpuTime - cpuBefore).TotalSeconds / clock.Elapsed.TotalSeconds;
            double grew = (peak - baseline) / 1048576.0;
            table.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"mount free {free.Value.TotalSeconds:F1} s after it began, peak RSS {peak / 1048576.0:F1} MB ({grew:+0.0;-0.0} MB), CPU {cpu * 100:F0} % of a core over {clock.Elapsed.TotalSeconds:F1} s");
            // A trickle holds the mount until source_timeout_seconds; junk is refused at once; a (too fast) real song
            // holds it for as long as its encoder stays connected (4 s here), as it should.
            var freeLimit = name.Contains("every", StringComparison.Ordinal) ? SourceTimeout + 0.5 : name.StartsWith("MP3", StringComparison.Ordinal) ? 4 + 1 : 1.5;
            if (grew > 50 || cpu > 0.5 || free > TimeSpan.FromSeconds(freeLimit))
            {
                failures.Add(name);
            }
        }

        output.WriteLine(table.ToString());
        Assert.True(failures.Count == 0, $"over a limit: {string.Join(", ", failures)}\n{table}\n{station.Tail()}");

        await listening;
        listener.AssertUnbroken(context: $"{table}\n{station.Tail()}");
    }

    /// <summary>Writes <paramref name="pieces"/> until <paramref name="total"/> bytes are sent or the station hangs up.</summary>
    private static async Task SendAsync(NetworkStream stream, IEnumerable<ReadOnlyMemory<byte>> pieces, long total, CancellationToken ct)
    {
        long sent = 0;
        foreach (var piece in pieces)
        {
            if (sent >= total)
            {
                return;
            }

            await stream.WriteAsync(piece, ct);
            sent += piece.Length;
        }
    }

    /// <summary>A first page that opens a packet, then pages that only ever continue it (valid CRCs: each is read whole).</summary>
    private static IEnumerable<ReadOnlyMemory<byte>> ContinuationPages()
    {
        byte[] first = OggPage(0x02, 0);
        byte[] next = OggPage(0x01, 1);
        yield return first;
        for (uint sequence = 1; ; sequence++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(next.AsSpan(18), sequence);
            BinaryPrimitives.WriteUInt32LittleEndian(next.AsSpan(22), 0);
            BinaryPrimitives.WriteUInt32LittleEndian(next.AsSpan(22), OggCrc.Compute(next));
            yield return next;
        }
    }

    /// <summary>One Ogg page of 255 lacing values of 255 (a packet that goes on in the next page).</summary>
    private static byte[] OggPage(byte headerType, uint sequence)
    {
        var page = new byte[27 + 255 + (255 * 255)];
        "OggS"u8.CopyTo(page);
        page[5] = headerType;
        BinaryPrimitives.WriteInt64LittleEndian(page.AsSpan(6), -1); // no packet ends here
        BinaryPrimitives.WriteUInt32LittleEndian(page.AsSpan(14), 0x1234);
        BinaryPrimitives.WriteUInt32LittleEndian(page.AsSpan(18), sequence);
        page[26] = 255;
        page.AsSpan(27, 255).Fill(255);
        new Random(3).NextBytes(page.AsSpan(27 + 255));
        BinaryPrimitives.WriteUInt32LittleEndian(page.AsSpan(22), OggCrc.Compute(page));
        return page;
    }

    /// <summary>"OggS" every 32 bytes with noise between: every capture pattern a reader could try to sync on.</summary>
    private static IEnumerable<ReadOnlyMemory<byte>> OggSJunk()
    {
        var block = new byte[64 * 1024];
        new Random(5).NextBytes(block);
        for (int i = 0; i + 4 <= block.Length; i += 32)
        {
            "OggS"u8.CopyTo(block.AsSpan(i));
            block[i + 4] = 0; // version 0, as a real page has
        }

        while (true)
        {
            yield return block;
        }
    }

    /// <summary>An ID3v2 header whose (syncsafe) size says <paramref name="size"/> bytes of tag follow, then zeros.</summary>
    private static IEnumerable<ReadOnlyMemory<byte>> Id3Declaring(int size)
    {
        byte[] head = [(byte)'I', (byte)'D', (byte)'3', 4, 0, 0, (byte)((size >> 21) & 0x7F), (byte)((size >> 14) & 0x7F), (byte)((size >> 7) & 0x7F), (byte)(size & 0x7F)];
        yield return head;
        var zeros = new byte[64 * 1024];
        while (true)
        {
            yield return zeros;
        }
    }

    /// <summary>The song in 16 KB pieces, written as fast as the station takes them (a runaway encoder; far past 20x real time until TCP pushes back).</summary>
    private static IEnumerable<ReadOnlyMemory<byte>> Chunks(byte[] song)
    {
        for (int at = 0; at < song.Length; at += 16 * 1024)
        {
            yield return song.AsMemory(at, Math.Min(16 * 1024, song.Length - at));
        }
    }

    /// <summary>Connects as the presenter once the station takes it (the last check's hang-up may take a moment to be seen).</summary>
    private static async Task<TcpClient> ConnectSourceAsync(Uri station, string mount, string type)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var (tcp, head) = await SourceClient.TryConnectAsync(station, Password, mount, type);
            if (head.StartsWith("HTTP/1.0 200 OK", StringComparison.Ordinal))
            {
                return tcp;
            }

            tcp.Dispose();
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(3), $"the source was refused: {head}");
            await Task.Delay(50);
        }
    }

    /// <summary>Whether the mount takes a new presenter now (the connection is closed again at once).</summary>
    private static async Task<bool> IsFreeAsync(Uri station, string mount, string type)
    {
        var (tcp, head) = await SourceClient.TryConnectAsync(station, Password, mount, type);
        tcp.Dispose();
        return head.StartsWith("HTTP/1.0 200 OK", StringComparison.Ordinal);
    }

    /// <summary>How long after now the mount takes a new presenter (tried every 100 ms, for up to 15 s).</summary>
    private static async Task<TimeSpan> WaitUntilFreeAsync(Uri station, string mount, string type)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(15) && !await IsFreeAsync(station, mount, type))
        {
            await Task.Delay(100);
        }

        return waited.Elapsed;
    }
}
