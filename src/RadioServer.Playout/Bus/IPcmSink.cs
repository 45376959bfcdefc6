namespace RadioServer.Playout.Bus;

/// <summary>A consumer of the PCM bus (a mount's encoder, a meter). Called on the playout thread, in order.</summary>
public interface IPcmSink
{
    void Write(PcmBlock block);
}
