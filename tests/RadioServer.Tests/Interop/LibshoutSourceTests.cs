using RadioServer.Tests.Support;
using RadioServer.TestSupport;

namespace RadioServer.Tests.Interop;

/// <summary>
/// ezstream (Debian, libshout 2.4.6) with its default settings: TLS "may", which first sends libshout's RFC 2817
/// probe <c>OPTIONS *</c> with <c>Upgrade: TLS/1.0</c>. With a certificate the station upgrades in place; without one
/// the source goes on in plain HTTP. Either way the presenter is on air.
/// </summary>
[Trait("Layer", "Interop")]
public sealed class LibshoutSourceTests
{
    private const string SourcePassword = "shout-secret";

    [Fact]
    public async Task EzstreamDefaultTls_WithCertificate_UpgradesInPlaceAndListenerHearsIt()
    {
        string dir = StationHost.TempDir();
        TestCertificate.WritePem(dir);
        await using var host = await StartAsync(dir, "--station:tls:certificate=fullchain.pem", "--station:tls:key=privkey.pem");

        var heard = await StreamWithEzstreamAsync(host, dir, caFile: Path.Combine(dir, "fullchain.pem"));

        Assert.Equal([440.0, 1000.0, 440.0], heard);
        Assert.Contains(host.Logs.Lines, l => l.Contains("upgraded to TLS in place", StringComparison.Ordinal));
        Assert.Contains(host.Logs.Lines, l => l.Contains("Live: source is on air", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EzstreamDefaultTls_WithoutCertificate_GoesOnInPlainHttpAndListenerHearsIt()
    {
        string dir = StationHost.TempDir();
        await using var host = await StartAsync(dir);

        var heard = await StreamWithEzstreamAsync(host, dir, caFile: null);

        Assert.Equal([440.0, 1000.0, 440.0], heard);
        Assert.DoesNotContain(host.Logs.Lines, l => l.Contains("upgraded to TLS", StringComparison.Ordinal));
        Assert.Contains(host.Logs.Lines, l => l.Contains("Live: source is on air", StringComparison.Ordinal));
    }

    private static async Task<StationHost> StartAsync(string dir, params string[] args)
    {
        ToneLibrary.Create(dir, "a.mp3", 440, 4, "Automation", "Tone 440");
        ToneLibrary.Create(dir, "live.mp3", 1000, 5, "Presenter", "Live Tone");
        return await StationHost.StartAsync(dir, "a.mp3", "", ["--station:sourcepassword=" + SourcePassword, "--station:live:crossfademilliseconds=300", .. args]);
    }

    /// <summary>Streams <c>live.mp3</c> once with ezstream (no <c>tls</c> setting: its default) to the plain port; returns the tones a listener heard.</summary>
    private static async Task<IReadOnlyList<double>> StreamWithEzstreamAsync(StationHost host, string dir, string? caFile)
    {
        string config = Path.Combine(dir, "ezstream.xml");
        // localhost: libshout checks the certificate's DNS names, not IP addresses.
        File.WriteAllText(config, $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <ezstream>
              <servers><server>
                <protocol>HTTP</protocol><hostname>localhost</hostname><port>{host.BaseUri.Port}</port>
                <user>source</user><password>{SourcePassword}</password>
                {(caFile is null ? "" : $"<ca_file>{caFile}</ca_file>")}
              </server></servers>
              <streams><stream><mountpoint>/live.mp3</mountpoint><format>MP3</format><stream_name>Ezstream Show</stream_name></stream></streams>
              <intakes><intake><type>file</type><filename>{Path.Combine(dir, "live.mp3")}</filename><stream_once>Yes</stream_once></intake></intakes>
            </ezstream>
            """);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(config, UnixFileMode.UserRead | UnixFileMode.UserWrite); // ezstream refuses a config others can read
        }

        await using var listener = await IcyClient.ConnectAsync(host.Mount());
        var listening = listener.ReadForAsync(TimeSpan.FromSeconds(13));
        await Task.Delay(TimeSpan.FromSeconds(2));
        var (exit, stdout, stderr, _) = await ExternalTool.RunAsync("ezstream", TimeSpan.FromSeconds(25), "-v", "-c", config);
        await listening;

        Assert.True(exit == 0, stdout + stderr);
        var (mono, rate) = ToneAnalysis.DecodeToMono(listener.Audio);
        return ToneAnalysis.ToneSequence(mono, rate, [440, 1000]);
    }
}
