using RadioServer.Configuration;
using RadioServer.Hosting;
using RadioServer.Tests.Support;

namespace RadioServer.Tests.Directories;

[Trait("Layer", "Unit")]
public sealed class DirectoryConfigTests
{
    [Fact]
    public void Build_DirectoriesAndPublicMounts_AreRead()
    {
        string path = Write("""
            station:
              name: Test
              playlist: .
              public: true
              directories:
                yp_urls: ["http://dir.example/cgi-bin/yp-cgi", "https://yp.example/yp-cgi"]
                public_url: "https://radio.example:8443"
                min_touch_seconds: 5
                touch_interval_seconds: 60
              mounts:
                - path: /a.mp3
                - path: /b.mp3
                  public: false
                - path: /c.mp3
                  hidden: true
            """);
        var options = RadioServerApp.Build(["--config", path]).Services.GetRequiredService<StationOptions>();
        Assert.Equal(["http://dir.example/cgi-bin/yp-cgi", "https://yp.example/yp-cgi"], options.Directories.YpUrls);
        Assert.Equal("https://radio.example:8443", options.Directories.PublicUrl);
        Assert.Equal(60, options.Directories.TouchIntervalSeconds);
        Assert.Equal([true, false, false], options.Mounts.Select(m => m.IsPublic(options.Public)));
    }

    [Fact]
    public void Build_BadDirectorySettings_ReportEachWithFileLineColumn()
    {
        string path = Write("""
            station:
              name: Test
              playlist: .
              directories:
                yp_urls: ["dir.example/yp-cgi"]
                public_url: "radio.example"
                timeout_seconds: 0
                min_touch_seconds: 30
                touch_interval_seconds: 10
                retry_seconds: 60
                max_retry_seconds: 30
              mounts:
                - path: /a.mp3
                  hidden: true
                  public: true
            """);
        var e = Assert.Throws<ConfigurationFileException>(() => RadioServerApp.Build(["--config", path]));
        Assert.Contains($"{path}:5:15: directory url 'dir.example/yp-cgi' must be http://", e.Message, StringComparison.Ordinal);
        Assert.Contains($"{path}:6:17: public_url 'radio.example' must be", e.Message, StringComparison.Ordinal);
        Assert.Contains($"{path}:7:22: directories timeout_seconds must be between 1 and 60", e.Message, StringComparison.Ordinal);
        Assert.Contains($"{path}:9:29: directories touch_interval_seconds must be between min_touch_seconds and 86400", e.Message, StringComparison.Ordinal);
        Assert.Contains($"{path}:11:24: directories max_retry_seconds must be between retry_seconds and 86400", e.Message, StringComparison.Ordinal);
        Assert.Contains($"{path}:15:15: mount '/a.mp3' is hidden and cannot be public", e.Message, StringComparison.Ordinal);
    }

    private static string Write(string yaml)
    {
        string path = Path.Combine(StationHost.TempDir(), "station.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }
}
