using RadioServer.Playout.Audio;

namespace RadioServer.Playout.Tests.Audio;

public class Mp3FileSampleProviderTests
{
    [Fact]
    public void Read_SteadyState_AllocatesNothingPerFrame()
    {
        using var decoder = new Mp3FileSampleProvider(DemoFiles.Cbr44Stereo);
        var buffer = new float[4410 * 2]; // a 100 ms block, as the engine reads
        for (int i = 0; i < 10; i++)
        {
            Assert.Equal(buffer.Length, decoder.Read(buffer)); // warm-up: NLayer builds its tables on the first frames
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        long samples = 0;
        for (int i = 0; i < 150; i++)
        {
            samples += decoder.Read(buffer); // 15 s, about 570 frames
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(150L * buffer.Length, samples);
        Assert.True(allocated == 0, $"{allocated} bytes allocated decoding 15 s");
        Assert.False(decoder.Damage.IsDamaged, decoder.Damage.Describe());
    }
}
