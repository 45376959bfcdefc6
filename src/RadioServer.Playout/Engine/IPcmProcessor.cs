namespace RadioServer.Playout.Engine;

/// <summary>
/// A stage that may change a block in place before the bus hands it to the sinks (live takeover, limiter).
/// Called on the playout thread, in order, once per block; must not allocate per block.
/// </summary>
public interface IPcmProcessor
{
    void Process(PcmBlock block);
}
