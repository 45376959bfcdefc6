using System.Net.Security;
using System.Net.Sockets;
using RadioServer.Configuration;
using RadioServer.Tests.Support;

namespace RadioServer.Tests.Interop;

/// <summary>
/// The other ways an operator names a certificate: a password-protected PKCS#12 file, an encrypted PEM key, and
/// ASP.NET Core's own <c>Kestrel:Certificates:Default</c> settings; and what a wrong password says (never the password).
/// Each station serves its stream over TLS with the certificate the test made, told apart by thumbprint.
/// </summary>
[Trait("Layer", "Server")]
public sealed class HttpsCertificateFormsTests
{
    private const string Password = "pfx-Secret-7f3a";

    [Fact]
    public async Task Pfx_WithPassword_ServesTheStreamOverTls()
    {
        string dir = Library();
        string thumbprint = TestCertificate.WritePfx(dir, Password);
        await using var host = await StationHost.StartAsync(dir, "a.mp3", "", "--station:tls:certificate=station.pfx",
            "--station:tls:password=" + Password, "--station:tls:https_listen=https://127.0.0.1:0");
        await AssertServesAsync(host, thumbprint);
    }

    [Fact]
    public async Task EncryptedPemKey_WithPassword_ServesTheStreamOverTls()
    {
        string dir = Library();
        string thumbprint = TestCertificate.WriteEncryptedPem(dir, Password);
        await using var host = await StationHost.StartAsync(dir, "a.mp3", "", "--station:tls:certificate=fullchain.pem",
            "--station:tls:key=privkey.pem", "--station:tls:password=" + Password, "--station:tls:https_listen=https://127.0.0.1:0");
        await AssertServesAsync(host, thumbprint);
    }

    [Fact]
    public async Task KestrelDefaultCertificateSettings_WithHttpsUrls_KeepWorking()
    {
        string dir = Library();
        string thumbprint = TestCertificate.WritePem(dir);
        await using var host = await StationHost.StartOnAsync("https://127.0.0.1:0", dir, "a.mp3", "",
            "--Kestrel:Certificates:Default:Path=" + Path.Combine(dir, "fullchain.pem"),
            "--Kestrel:Certificates:Default:KeyPath=" + Path.Combine(dir, "privkey.pem"));
        await AssertServesAsync(host, thumbprint);
    }

    [Fact]
    public async Task WrongPassword_StartRefusedNamingTheFile_NeverThePassword()
    {
        string dir = Library();
        TestCertificate.WritePfx(dir, Password);
        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var host = await StationHost.StartAsync(dir, "a.mp3", "", "--station:tls:certificate=station.pfx",
                "--station:tls:password=wrong-Guess-1", "--station:tls:https_listen=https://127.0.0.1:0");
        });
        string message = error is ConfigurationFileException or InvalidDataException ? error.Message : error.ToString();
        Assert.Contains("station.pfx", message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-Guess-1", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Password, error.ToString(), StringComparison.Ordinal);
    }

    private static string Library()
    {
        string dir = StationHost.TempDir();
        ToneLibrary.Create(dir, "a.mp3", 440, 3, "A", "A");
        return dir;
    }

    private static async Task AssertServesAsync(StationHost host, string thumbprint)
    {
        Assert.NotNull(host.HttpsUri);
        using (var tcp = new TcpClient())
        {
            await tcp.ConnectAsync("127.0.0.1", host.HttpsUri!.Port);
            await using var ssl = new SslStream(tcp.GetStream(), false, (_, certificate, _, errors) => TestCertificate.Accept(certificate, errors));
            await ssl.AuthenticateAsClientAsync("localhost");
            Assert.Equal(thumbprint, ssl.RemoteCertificate!.GetCertHashString());
        }

        await using var listener = await IcyClient.ConnectAsync(new Uri(host.HttpsUri, "/stream.mp3"), icyMetadata: false);
        Assert.StartsWith("HTTP/1.0 200 OK\r\n", listener.ResponseHead, StringComparison.Ordinal);
        // The station has just started: on a loaded machine its first second of audio can take longer (a clean-clone
        // run once read 1,671 bytes in 1 s), so read until it comes, for up to 10 s.
        for (int i = 0; i < 10 && listener.Audio.Length <= 4_000; i++)
        {
            await listener.ReadForAsync(TimeSpan.FromSeconds(1));
        }

        Assert.True(listener.Audio.Length > 4_000, $"{listener.Audio.Length} bytes of audio in 10 s over TLS");
    }
}
