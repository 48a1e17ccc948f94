using GeoMonitor.Api.Infrastructure.Database;
using Npgsql;

namespace GeoMonitor.Api.Tests.Infrastructure;

/// <summary>
/// A real PostgreSQL streaming standby of a test's own cluster: a base backup with the recovery settings
/// (<c>pg_basebackup -R</c>), started as a hot standby on its own port of 127.0.0.1.
/// </summary>
public sealed class StandbyServer
{
    private readonly EmbeddedPostgres _primary;
    private readonly string _primaryCs;
    private readonly string _folder;
    private readonly int _port = EmbeddedPostgres.FreePort();
    private bool _started;

    /// <summary>Plans a standby of <paramref name="primary"/> in <paramref name="folder"/> (nothing runs yet).</summary>
    public StandbyServer(EmbeddedPostgres primary, string primaryConnectionString, string folder)
    {
        _primary = primary;
        _primaryCs = primaryConnectionString;
        _folder = folder;
        ConnectionString = new NpgsqlConnectionStringBuilder(primaryConnectionString) { Port = _port, Pooling = true }.ConnectionString;
    }

    /// <summary>The standby's connection string (the primary's credentials: a base backup copies the roles).</summary>
    public string ConnectionString { get; }

    /// <summary>Copies the primary as it is now and starts the copy in recovery, streaming from the primary.</summary>
    public async Task StartAsync()
    {
        Directory.CreateDirectory(_folder);
        if (Environment.UserName == "root") ServerTools.Chown(_folder, _primary.OsUser);
        var primary = new NpgsqlConnectionStringBuilder(_primaryCs);
        ServerTools.Run(_primary, "pg_basebackup",
            ["-h", "127.0.0.1", "-p", primary.Port.ToString(), "-U", primary.Username!, "-D", Path.Combine(_folder, "pg"), "-R", "-X", "stream", "-c", "fast"],
            primary.Password);
        ServerTools.Run(_primary, "pg_ctl",
            ["-D", Path.Combine(_folder, "pg"), "-l", Path.Combine(_folder, "server.log"), "-w", "-t", "60",
             "-o", $"-p {_port} -c listen_addresses=127.0.0.1 -k ''", "start"]);
        _started = true;
        await ApiFixture.WaitForAsync(async () => await ScalarAsync<bool>("SELECT pg_is_in_recovery()"));
    }

    /// <summary>A scalar from the standby (a connection of its own, outside any pool).</summary>
    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }

    /// <summary>Runs a statement on the standby (e.g. <c>SELECT pg_wal_replay_pause()</c>).</summary>
    public async Task ExecuteAsync(string sql) => await ScalarAsync<object>(sql);

    /// <summary>Stops the standby at once (its folder is thrown away).</summary>
    public void Stop()
    {
        if (!_started) return;
        _started = false;
        try { ServerTools.Run(_primary, "pg_ctl", ["-D", Path.Combine(_folder, "pg"), "-m", "immediate", "-w", "stop"]); }
        catch (InvalidOperationException) { } // already down
    }
}
