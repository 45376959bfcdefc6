using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

namespace RadioServer.Tests.Support;

/// <summary>
/// The station as systemd runs it: its own process (<c>dotnet RadioServer.dll</c>) on 127.0.0.1, its output captured,
/// its memory and CPU readable from <c>/proc</c>. For what an in-process <see cref="StationHost"/> cannot show:
/// signals, exit codes, the process's own footprint.
/// </summary>
internal sealed class StationProcess : IDisposable
{
    private readonly StringBuilder _output = new();

    private StationProcess(Process process)
    {
        Process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Process Process { get; }

    public Uri BaseUri { get; private set; } = null!;

    /// <summary>Resident memory now (<c>VmRSS</c>), in bytes.</summary>
    public long RssBytes
    {
        get
        {
            foreach (string line in File.ReadLines($"/proc/{Process.Id}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture) * 1024;
                }
            }

            throw new InvalidOperationException("no VmRSS");
        }
    }

    /// <summary>CPU time used so far (user and system).</summary>
    public TimeSpan CpuTime
    {
        get
        {
            Process.Refresh();
            return Process.TotalProcessorTime;
        }
    }

    /// <summary>Starts the station with <paramref name="config"/> and returns once <c>/healthz</c> answers.</summary>
    public static Task<StationProcess> StartAsync(string config, params string[] args) =>
        StartProgramAsync(null, config, args);

    /// <summary>
    /// As <see cref="StartAsync"/>, running <paramref name="program"/> (e.g. the Native AOT station) instead of
    /// <c>dotnet RadioServer.dll</c> when it is not null.
    /// </summary>
    public static async Task<StationProcess> StartProgramAsync(string? program, string config, params string[] args)
    {
        var start = new ProcessStartInfo(program ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(config)!,
        };
        if (program is null)
        {
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "RadioServer.dll"));
        }

        foreach (string arg in (string[])["--config", config, "--urls", "http://127.0.0.1:0", .. args])
        {
            start.ArgumentList.Add(arg);
        }

        var station = new StationProcess(Process.Start(start)!);
        try
        {
            const string Marker = "Now listening on: ";
            await station.WaitForAsync(() => station.Process.HasExited || station.Logged(Marker), "the station listens");
            Assert.False(station.Process.HasExited, $"the station exited at start\n{station.Tail()}");
            string text = station.Output;
            int at = text.IndexOf(Marker, StringComparison.Ordinal) + Marker.Length;
            station.BaseUri = new Uri(text[at..text.IndexOf('\n', at)].Trim());
            using var http = new HttpClient();
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(station.BaseUri, "/healthz"))).StatusCode);
            return station;
        }
        catch
        {
            station.Dispose();
            throw;
        }
    }

    /// <summary>Everything it printed so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool Logged(string text) => Output.Contains(text, StringComparison.Ordinal);

    /// <summary>The last 3000 characters it printed, for failure messages.</summary>
    public string Tail()
    {
        string text = Output;
        return text.Length > 3000 ? text[^3000..] : text;
    }

    public async Task WaitForAsync(Func<bool> condition, string what, double seconds = 20)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(seconds), $"waited {seconds} s for: {what}\n{Tail()}");
            await Task.Delay(50);
        }
    }

    private void Append(string? line)
    {
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    public void Dispose()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
            Process.WaitForExit(5000);
        }

        Process.Dispose();
    }
}
