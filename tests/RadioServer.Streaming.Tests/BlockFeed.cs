using RadioServer.Playout.Bus;

namespace RadioServer.Streaming.Tests;

/// <summary>Feeds a bus sink 50 ms blocks of a stereo tone, reusing one block as the engine does.</summary>
internal sealed class BlockFeed(IPcmSink sink, int rate)
{
    private readonly PcmBlock _block = new(rate / 20, 2);
    private long _frame;

    public void Write()
    {
        _block.Reset(_frame);
        for (int i = 0; i < _block.Frames; i++)
        {
            float v = 0.3f * MathF.Sin(2 * MathF.PI * 440 * (_frame + i) / rate);
            _block.Buffer[2 * i] = v;
            _block.Buffer[(2 * i) + 1] = -v;
        }

        _frame += _block.Frames;
        sink.Write(_block);
    }
}
