using System.Diagnostics;
using System.Globalization;

namespace RadioServer.LoadTest;

/// <summary>
/// Reads a process's CPU time (utime + stime from /proc/PID/stat) and resident set (VmRSS from /proc/PID/status).
/// The clock tick is asked of <c>getconf CLK_TCK</c> once (sysconf is not reachable from .NET); 100 Hz if that fails.
/// </summary>
internal sealed class ProcessSampler(int pid)
{
    private readonly double _ticksPerSecond = ClockTicksPerSecond();

    public int Pid { get; } = pid;

    /// <summary>The process's user + system CPU time, or null when it is gone.</summary>
    public TimeSpan? CpuTime()
    {
        string? stat = ReadOrNull($"/proc/{Pid}/stat");
        if (stat is null)
        {
            return null;
        }

        // The command name (field 2) is in parentheses and may hold spaces: fields are counted after the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return fields.Length > 12
               && long.TryParse(fields[11], NumberStyles.None, CultureInfo.InvariantCulture, out long user)
               && long.TryParse(fields[12], NumberStyles.None, CultureInfo.InvariantCulture, out long system)
            ? TimeSpan.FromSeconds((user + system) / _ticksPerSecond)
            : null;
    }

    /// <summary>The resident set in bytes, or null when the process is gone.</summary>
    public long? RssBytes()
    {
        string? status = ReadOrNull($"/proc/{Pid}/status");
        foreach (var line in (status ?? "").AsSpan().EnumerateLines())
        {
            if (line.StartsWith("VmRSS:"))
            {
                var value = line["VmRSS:".Length..].Trim();
                int space = value.IndexOf(' ');
                return long.TryParse(space < 0 ? value : value[..space], NumberStyles.None, CultureInfo.InvariantCulture, out long kb) ? kb * 1024 : null;
            }
        }

        return null;
    }

    private static string? ReadOrNull(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static double ClockTicksPerSecond()
    {
        try
        {
            using var getconf = Process.Start(new ProcessStartInfo("getconf", "CLK_TCK") { RedirectStandardOutput = true, UseShellExecute = false });
            if (getconf is not null)
            {
                string text = getconf.StandardOutput.ReadToEnd().Trim();
                getconf.WaitForExit();
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double hz) && hz > 0)
                {
                    return hz;
                }
            }
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            // No getconf: Linux has used 100 Hz for USER_HZ on every architecture for decades.
        }

        return 100;
    }
}
