namespace RadioServer.Benchmarks;

/// <summary>How many seconds of audio one invocation of the benchmark processes (for the × real time column).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AudioSecondsAttribute(double seconds) : Attribute
{
    public double Seconds { get; } = seconds;
}
