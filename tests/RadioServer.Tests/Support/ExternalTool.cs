using System.Diagnostics;

namespace RadioServer.Tests.Support;

/// <summary>Runs a real client program (installed by the README's test command) with a time limit.</summary>
internal static class ExternalTool
{
    public static string Require(string name)
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'))
        {
            string path = Path.Combine(dir, name);
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new InvalidOperationException($"{name} is not installed; the README's test command (scripts/test.sh) installs it");
    }

    /// <summary>Runs the tool and returns its exit code and output, killing it after <paramref name="limit"/>.</summary>
    public static Task<(int ExitCode, string StdOut, string StdErr, bool Killed)> RunAsync(string name, TimeSpan limit, params string[] args) =>
        RunWithEnvironmentAsync(name, limit, new Dictionary<string, string>(), args);

    /// <summary>As <see cref="RunAsync"/>, with extra environment variables (e.g. <c>CURL_CA_BUNDLE</c>).</summary>
    public static async Task<(int ExitCode, string StdOut, string StdErr, bool Killed)> RunWithEnvironmentAsync(
        string name, TimeSpan limit, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var psi = new ProcessStartInfo(Require(name))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var (key, value) in environment)
        {
            psi.Environment[key] = value;
        }

        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        bool killed = false;
        using (var cts = new CancellationTokenSource(limit))
        {
            try
            {
                await process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                killed = true;
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }

        return (process.ExitCode, await stdout, await stderr, killed);
    }
}
