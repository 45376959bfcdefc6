using RadioServer.Tests.Support;
using RadioServer.TestSupport;

namespace RadioServer.Tests.Interop;

/// <summary><c>station.push</c> to an <c>https://</c> server: one station pushes its mount to another station's live mount over TLS.</summary>
[Trait("Layer", "Interop")]
public sealed class HttpsPushTests
{
    [Fact]
    public async Task PushToHttpsUrlWithCaCertificate_RemoteListenerHearsOurMount()
    {
        string remoteDir = StationHost.TempDir();
        ToneLibrary.Create(remoteDir, "a.mp3", 440, 4, "Remote", "Tone 440");
        TestCertificate.WritePem(remoteDir);
        await using var remote = await StationHost.StartAsync(remoteDir, "a.mp3", "", "--station:sourcepassword=push-secret",
            "--station:tls:certificate=fullchain.pem", "--station:tls:key=privkey.pem", "--station:tls:https_listen=https://127.0.0.1:0",
            "--station:live:crossfademilliseconds=300");

        string dir = StationHost.TempDir();
        ToneLibrary.Create(dir, "b.mp3", 1000, 4, "Pusher", "Tone 1000");
        await using var pusher = await StationHost.StartAsync(dir, "b.mp3", "", "--station:push:0:mount=/stream.mp3",
            $"--station:push:0:url=https://localhost:{remote.HttpsUri!.Port}/live.mp3", "--station:push:0:password=push-secret",
            "--station:push:0:ca_certificate=" + Path.Combine(remoteDir, "fullchain.pem"));

        // The remote takes the mount before its 200 reaches us, and we log "Pushing" once we have read it: wait for both.
        string pushing = $"Pushing /stream.mp3 to https://localhost:{remote.HttpsUri.Port}/live.mp3";
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while ((remote.Playout.LiveInput.Owner is null || !pusher.Logs.Lines.Any(l => l.Contains(pushing, StringComparison.Ordinal)))
            && waited.Elapsed < TimeSpan.FromSeconds(15))
        {
            await Task.Delay(100);
        }

        Assert.Equal("source", remote.Playout.LiveInput.Owner);
        Assert.Contains(pusher.Logs.Lines, l => l.Contains(pushing, StringComparison.Ordinal));
        await Task.Delay(TimeSpan.FromSeconds(1)); // the crossfade into the live source
        await using var listener = await IcyClient.ConnectAsync(new Uri(remote.HttpsUri, "/stream.mp3"), icyMetadata: false);
        await listener.ReadForAsync(TimeSpan.FromSeconds(3));
        var (mono, rate) = ToneAnalysis.DecodeToMono(listener.Audio);
        Assert.Contains(1000.0, ToneAnalysis.ToneSequence(mono, rate, [440, 1000]));
    }
}
