using System.Globalization;
using System.Reflection;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace RadioServer.Benchmarks;

/// <summary>"× real time": seconds of audio processed per second of one core, from <see cref="AudioSecondsAttribute"/>.</summary>
public sealed class RealTimeColumn : IColumn
{
    public string Id => nameof(RealTimeColumn);

    public string ColumnName => "x RealTime";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Seconds of audio processed per second of CPU (one core)";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var seconds = benchmarkCase.Descriptor.WorkloadMethod.GetCustomAttribute<AudioSecondsAttribute>()?.Seconds;
        var mean = summary[benchmarkCase]?.ResultStatistics?.Mean;
        return seconds is null || mean is null ? "-" : (seconds.Value / (mean.Value / 1e9)).ToString("F1", CultureInfo.InvariantCulture);
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
