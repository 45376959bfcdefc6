namespace RadioServer.Playout.Bus;

/// <summary>
/// A stage that may change a whole block in place, samples and track starts, before the bus's sample
/// processor (the limiter) and the sinks: the live takeover is one. Called on the playout thread, in order,
/// once per block; must not allocate per block.
/// </summary>
public interface IBusStage
{
    void Process(PcmBlock block);
}
