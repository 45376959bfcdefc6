using RadioServer.Streaming.Icy;

namespace RadioServer.Streaming.Tests.Icy;

public class IcyInterleaverAllocationTests
{
    [Fact]
    public void Write_SteadyStateWithTitleChanges_AllocatesNothing()
    {
        // Bound 0: the interleaver runs once per listener per write; it hands out slices of the shared audio and of
        // the titles' pre-encoded ICY blocks (UTF-8 and Latin-1), and the "no change" block is a static byte.
        var state = new State(new IcyInterleaver(8192), new IcyInterleaver(8192, latin1: true));
        long bytes = Allocations.MeasureSteady(state, static s => s.Step(), warmUp: 1_000, iterations: 5_000);
        Assert.Equal(0, bytes);
        Assert.True(state.Output.Written > 25_000L * 2000); // the measured calls really wrote
    }

    private sealed class State(IcyInterleaver utf8, IcyInterleaver latin1)
    {
        private readonly StreamTitle[] _titles = [new("Artist - Song"), new("Künstler – Lied ♫")];
        private readonly byte[] _audio = new byte[1000];
        private int _call;

        public CountingOutput Output { get; } = new();

        public void Step()
        {
            var title = _titles[(_call++ / 50) % 2]; // a title change every 50 calls (≈ 6 metadata blocks)
            utf8.Write(Output, _audio, title);
            latin1.Write(Output, _audio, title);
        }
    }
}
