namespace RadioServer.Playout.Bus;

/// <summary>An in-place processing stage of the PCM bus, run on the playout thread before the sinks.</summary>
public interface IPcmProcessor
{
    /// <summary>Frames by which the stage delays the audio; the bus moves track starts by as much.</summary>
    int LatencyFrames { get; }

    /// <summary>Processes one block of interleaved samples in place. Must not allocate.</summary>
    void Process(Span<float> interleaved);
}
