using RadioServer.Configuration;
using RadioServer.NowPlaying;
using RadioServer.Safety;
using RadioServer.Stats;
using RadioServer.Tests.Support;

namespace RadioServer.Tests.Stats;

[Trait("Layer", "Unit")]
public class StatsDatabaseTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Prune_RowsOlderThanCutoff_AreDeletedOthersKept()
    {
        string path = Path.Combine(StationHost.TempDir(), "stats.db");
        var db = new StatsDatabase(path);
        db.AddSession(new SessionRecord("/a.mp3", T0.AddDays(-100), T0.AddDays(-100).AddHours(1), 10, "old", null, "closed"));
        db.AddSession(new SessionRecord("/a.mp3", T0.AddHours(-1), T0, 20, "new", "127.0.0.0", "closed"));
        db.AddAired(new AiredItem("A", "Old", null, "A - Old", "track", TimeSpan.FromMinutes(3), T0.AddDays(-100), "playout"));
        db.AddAired(new AiredItem("B", "New", "Al", "B - New", "track", null, T0.AddMinutes(-3), "playout"));

        Assert.Equal(2, db.Prune(T0.AddDays(-90)));

        var reopened = new StatsDatabase(path); // survives reopening
        var sessions = reopened.Sessions(T0.AddDays(-200), T0.AddDays(1));
        Assert.Equal("new", Assert.Single(sessions).UserAgent);
        var aired = Assert.Single(reopened.Aired(T0.AddDays(-200), T0.AddDays(1)));
        Assert.Equal(("B", "New", "Al", (TimeSpan?)null), (aired.Artist, aired.Title, aired.Album, aired.Duration));
    }

    [Theory]
    [InlineData(IpPrivacyMode.Truncate, "203.0.113.77", "203.0.113.0")]
    [InlineData(IpPrivacyMode.Truncate, "::ffff:203.0.113.77", "203.0.113.0")]
    [InlineData(IpPrivacyMode.Truncate, "2001:db8:1234:5678::1", "2001:db8:1234::")]
    [InlineData(IpPrivacyMode.None, "203.0.113.77", "203.0.113.77")]
    [InlineData(IpPrivacyMode.Drop, "203.0.113.77", null)]
    public void Apply_PrivacyMode_StoresTheExpectedForm(IpPrivacyMode mode, string ip, string? expected) =>
        Assert.Equal(expected, IpPrivacy.Apply(mode, ip, [1, 2, 3]));

    [Fact]
    public void Apply_Hash_IsStablePerKeyAndHidesTheAddress()
    {
        string a = IpPrivacy.Apply(IpPrivacyMode.Hash, "203.0.113.77", [1, 2, 3])!;
        Assert.Equal(a, IpPrivacy.Apply(IpPrivacyMode.Hash, "203.0.113.77", [1, 2, 3]));
        Assert.NotEqual(a, IpPrivacy.Apply(IpPrivacyMode.Hash, "203.0.113.77", [9]));
        Assert.DoesNotContain("203", a, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_DatabaseWithAnOldSalt_KeepsNoKeyBesideTheHashes()
    {
        string path = Path.Combine(StationHost.TempDir(), "stats.db");
        new StatsDatabase(path).EnsureCreated(); // tables are made on first use
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path}"))
        {
            connection.Open();
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO settings(key, value) VALUES ('ip_salt', x'0102')";
            insert.ExecuteNonQuery();
        }

        new StatsDatabase(path).EnsureCreated();
        using var check = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path}");
        check.Open();
        using var count = check.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM settings";
        Assert.Equal(0L, (long)count.ExecuteScalar()!);
    }
}
