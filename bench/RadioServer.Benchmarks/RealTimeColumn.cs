using System.Globalization;
using System.Reflection;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace RadioServer.Benchmarks;

/// <summary>"× real time": seconds of audio processed per second of one core, from <see cref="AudioSecondsAttribute"/>.</summary>
public sealed class RealTimeColumn() : AudioSecondsColumn("x RealTime", "Seconds of audio processed per second of CPU (one core)", 0)
{
    protected override string Format(double audioSeconds, double cpuSeconds) => (audioSeconds / cpuSeconds).ToString("F1", CultureInfo.InvariantCulture);
}

/// <summary>"% of a core": the share of one core kept busy in real time (CPU time per second of audio).</summary>
public sealed class CoreShareColumn() : AudioSecondsColumn("% of a core", "Share of one core kept busy in real time: CPU time per second of audio", 1)
{
    protected override string Format(double audioSeconds, double cpuSeconds) => (100 * cpuSeconds / audioSeconds).ToString("F2", CultureInfo.InvariantCulture);
}

/// <summary>A column computed from a benchmark's mean time and the seconds of audio it processes (<see cref="AudioSecondsAttribute"/>).</summary>
public abstract class AudioSecondsColumn(string name, string legend, int priority) : IColumn
{
    public string Id => GetType().Name;

    public string ColumnName => name;

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => priority;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => legend;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var seconds = benchmarkCase.Descriptor.WorkloadMethod.GetCustomAttribute<AudioSecondsAttribute>()?.Seconds;
        var mean = summary[benchmarkCase]?.ResultStatistics?.Mean;
        return seconds is null || mean is null ? "-" : Format(seconds.Value, mean.Value / 1e9);
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    protected abstract string Format(double audioSeconds, double cpuSeconds);
}
