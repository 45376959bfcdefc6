using Microsoft.Data.Sqlite;
using RadioServer.NowPlaying;

namespace RadioServer.Stats;

/// <summary>
/// The station's SQLite file: the aired log and every ended listener session (times as UTC Unix milliseconds).
/// Opened per call from the connection pool; writes come only from <see cref="StatsRecorder"/>'s one thread.
/// </summary>
public sealed class StatsDatabase
{
    private readonly string _connectionString;
    private readonly string _path;

    private readonly Lock _schemaLock = new();
    private volatile bool _ready;

    /// <summary>
    /// A database at <paramref name="path"/>, created (folder, file, tables) on first use: a folder that cannot be
    /// written yet (read-only, full) fails each use until it can, and the callers degrade (statistics skipped, reports 503).
    /// </summary>
    public StatsDatabase(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _path = path;
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate }.ToString();
    }

    /// <summary>Creates the folder, the file and the tables now (when not done yet); throws what the disk says.</summary>
    public void EnsureCreated() => Open().Dispose();

    private static void CreateSchema(SqliteConnection connection)
    {
        Execute(connection, """
            PRAGMA journal_mode=WAL;
            CREATE TABLE IF NOT EXISTS sessions(id INTEGER PRIMARY KEY, mount TEXT NOT NULL, started_ms INTEGER NOT NULL, ended_ms INTEGER NOT NULL,
                bytes INTEGER NOT NULL, user_agent TEXT, ip TEXT, end_reason TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS sessions_started ON sessions(started_ms);
            CREATE INDEX IF NOT EXISTS sessions_ended ON sessions(ended_ms);
            CREATE TABLE IF NOT EXISTS aired(id INTEGER PRIMARY KEY, started_ms INTEGER NOT NULL, artist TEXT, title TEXT NOT NULL, album TEXT,
                text TEXT NOT NULL, kind TEXT NOT NULL, duration_ms INTEGER, source TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS aired_started ON aired(started_ms);
            CREATE TABLE IF NOT EXISTS settings(key TEXT PRIMARY KEY, value BLOB NOT NULL);
            """);

        // Earlier versions kept the hash salt here, beside the hashes it was meant to protect; the key now lives
        // elsewhere (Safety/ClientAddresses.cs), and the old salt is removed.
        Execute(connection, "DELETE FROM settings WHERE key = 'ip_salt';");
    }

    public void AddSession(SessionRecord s)
    {
        ArgumentNullException.ThrowIfNull(s);
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO sessions(mount, started_ms, ended_ms, bytes, user_agent, ip, end_reason) VALUES ($m, $s, $e, $b, $ua, $ip, $r)";
        command.Parameters.AddWithValue("$m", s.Mount);
        command.Parameters.AddWithValue("$s", s.StartedUtc.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$e", s.EndedUtc.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$b", s.Bytes);
        command.Parameters.AddWithValue("$ua", (object?)s.UserAgent ?? DBNull.Value);
        command.Parameters.AddWithValue("$ip", (object?)s.Ip ?? DBNull.Value);
        command.Parameters.AddWithValue("$r", s.EndReason);
        command.ExecuteNonQuery();
    }

    public void AddAired(AiredItem a)
    {
        ArgumentNullException.ThrowIfNull(a);
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO aired(started_ms, artist, title, album, text, kind, duration_ms, source) VALUES ($s, $ar, $t, $al, $x, $k, $d, $src)";
        command.Parameters.AddWithValue("$s", a.StartedUtc.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$ar", (object?)a.Artist ?? DBNull.Value);
        command.Parameters.AddWithValue("$t", a.Title);
        command.Parameters.AddWithValue("$al", (object?)a.Album ?? DBNull.Value);
        command.Parameters.AddWithValue("$x", a.Text);
        command.Parameters.AddWithValue("$k", a.Kind);
        command.Parameters.AddWithValue("$d", a.Duration is { } d ? (long)d.TotalMilliseconds : DBNull.Value);
        command.Parameters.AddWithValue("$src", a.Source);
        command.ExecuteNonQuery();
    }

    /// <summary>Sessions overlapping [<paramref name="from"/>, <paramref name="to"/>), oldest first.</summary>
    public IReadOnlyList<SessionRecord> Sessions(DateTimeOffset from, DateTimeOffset to) =>
        Query("SELECT mount, started_ms, ended_ms, bytes, user_agent, ip, end_reason FROM sessions WHERE ended_ms > $from AND started_ms < $to ORDER BY started_ms, id",
            from, to, static r => new SessionRecord(r.GetString(0), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(1)), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(2)),
                r.GetInt64(3), r.IsDBNull(4) ? null : r.GetString(4), r.IsDBNull(5) ? null : r.GetString(5), r.GetString(6)));

    /// <summary>Items that started in [<paramref name="from"/>, <paramref name="to"/>), oldest first.</summary>
    public IReadOnlyList<AiredItem> Aired(DateTimeOffset from, DateTimeOffset to) =>
        Query("SELECT artist, title, album, text, kind, duration_ms, started_ms, source FROM aired WHERE started_ms >= $from AND started_ms < $to ORDER BY started_ms, id",
            from, to, static r => new AiredItem(r.IsDBNull(0) ? null : r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.GetString(3), r.GetString(4),
                r.IsDBNull(5) ? null : TimeSpan.FromMilliseconds(r.GetInt64(5)), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(6)), r.GetString(7)));

    /// <summary>Runs a time-range query (<c>$from</c>, <c>$to</c> in Unix milliseconds) and maps each row.</summary>
    private List<T> Query<T>(string sql, DateTimeOffset from, DateTimeOffset to, Func<Microsoft.Data.Sqlite.SqliteDataReader, T> map)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$from", from.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$to", to.ToUnixTimeMilliseconds());
        using var r = command.ExecuteReader();
        var list = new List<T>();
        while (r.Read())
        {
            list.Add(map(r));
        }

        return list;
    }

    /// <summary>Deletes sessions that ended and items that aired before <paramref name="cutoff"/>; returns the rows deleted.</summary>
    public int Prune(DateTimeOffset cutoff)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM sessions WHERE ended_ms < $c; DELETE FROM aired WHERE started_ms < $c;";
        command.Parameters.AddWithValue("$c", cutoff.ToUnixTimeMilliseconds());
        return command.ExecuteNonQuery();
    }

    /// <summary>
    /// Opens <paramref name="path"/>; a file that is not a database or is corrupt (a failed disk, a bad copy) is moved
    /// aside as <c>stats.db.corrupt-20261206T101500Z</c> (with its <c>-wal</c>/<c>-shm</c>) and a new one started, so the
    /// station starts and keeps its statistics from now on (<see cref="CorruptFileKept"/> says where the old one went).
    /// Other failures (a folder that cannot be created or written) are the caller's to report.
    /// </summary>
    public static StatsDatabase OpenOrReplaceCorrupt(string path, DateTimeOffset now)
    {
        var database = new StatsDatabase(path);
        try
        {
            database.EnsureCreated();
            return database;
        }
        catch (SqliteException e) when (e.SqliteErrorCode is SQLitePCL.raw.SQLITE_NOTADB or SQLitePCL.raw.SQLITE_CORRUPT)
        {
            SqliteConnection.ClearAllPools();
            string aside = $"{path}.corrupt-{now.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}";
            File.Move(path, aside, overwrite: true);
            foreach (string suffix in (string[])["-wal", "-shm"])
            {
                if (File.Exists(path + suffix))
                {
                    File.Move(path + suffix, aside + suffix, overwrite: true);
                }
            }

            return new StatsDatabase(path) { CorruptFileKept = aside };
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            // A read-only or full folder: the station starts, and statistics wait until the disk lets them be written.
            return new StatsDatabase(path) { StartupError = e };
        }
    }

    /// <summary>Why the database could not be created at start (it is tried again on each use); null when it could.</summary>
    public Exception? StartupError { get; private init; }

    /// <summary>Where a corrupt file found at start was moved (see <see cref="OpenOrReplaceCorrupt"/>); null when none was.</summary>
    public string? CorruptFileKept { get; private init; }

    /// <summary>The database file.</summary>
    public string Path => _path;

    private SqliteConnection Open()
    {
        if (!_ready)
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(_path))!);
        }

        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            if (!_ready)
            {
                lock (_schemaLock)
                {
                    if (!_ready)
                    {
                        CreateSchema(connection);
                        _ready = true;
                    }
                }
            }
        }
        catch
        {
            connection.Dispose();
            throw;
        }

        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
