using System.Diagnostics;
using GeoMonitor.Api.Infrastructure.Database;
using GeoMonitor.Api.Tests.Infrastructure;
using Npgsql;

namespace GeoMonitor.Api.Tests.Operations;

/// <summary>scripts/backup.sh and scripts/restore.sh: a restore into a fresh database has the same rows, byte for byte.</summary>
public sealed class BackupRestoreTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static readonly string[] Tables =
        ["lines", "zones", "corridors", "corridor_windows", "truces", "truce_extensions", "incidents", "incident_revisions", "api_keys", "schema_migrations"];

    [Fact]
    public async Task A_backup_restores_into_a_fresh_database_with_equal_counts_and_checksums()
    {
        var root = GeoMonitorPaths.RepositoryRoot()!;
        var dump = Path.Combine(Path.GetTempPath(), $"gm-backup-{Guid.NewGuid():N}.dump");
        var target = "gm_restore_" + Guid.NewGuid().ToString("N")[..10];
        var source = new NpgsqlConnectionStringBuilder(api.ConnectionString);
        try
        {
            Run(Path.Combine(root, "scripts/backup.sh"), "-o", dump, "--dbname", Uri(source, source.Database!));
            Assert.True(new FileInfo(dump).Length > 0);
            Run(Path.Combine(root, "scripts/restore.sh"), dump, "--target-db", target, "--server-uri", Uri(source, "postgres"));

            var restored = new NpgsqlConnectionStringBuilder(api.ConnectionString) { Database = target }.ConnectionString;
            await using var copy = NpgsqlDataSource.Create(restored);
            Assert.True(await Count(api.Db, "incidents") >= 300);
            foreach (var t in Tables)
            {
                Assert.Equal(await Count(api.Db, t), await Count(copy, t));
                Assert.Equal(await Checksum(api.Db, t), await Checksum(copy, t));
            }
            // The restored audit trail is still append-only.
            await using var upd = copy.CreateCommand("UPDATE incident_revisions SET note = 'x'");
            await Assert.ThrowsAsync<PostgresException>(() => upd.ExecuteNonQueryAsync());
        }
        finally
        {
            File.Delete(dump);
            await TestCluster.DropDatabaseAsync(new NpgsqlConnectionStringBuilder(api.ConnectionString) { Database = target }.ConnectionString);
        }
    }

    [Fact]
    public void Restore_refuses_to_overwrite_an_existing_database()
    {
        var root = GeoMonitorPaths.RepositoryRoot()!;
        var source = new NpgsqlConnectionStringBuilder(api.ConnectionString);
        var (code, output) = RunRaw(Path.Combine(root, "scripts/restore.sh"), "/dev/null", "--target-db", source.Database!, "--server-uri", Uri(source, "postgres"));
        Assert.NotEqual(0, code);
        Assert.Contains("already exists", output);
    }

    [Fact]
    public void The_embedded_clusters_address_is_read_from_its_credentials_and_reaches_it()
    {
        // backup.sh and restore.sh find the embedded cluster by its pg-credentials.json: the URI they build must name the
        // cluster's port and password (percent-encoded, since a password may hold '@' or '/') and psql must reach it.
        var root = GeoMonitorPaths.RepositoryRoot()!;
        var source = new NpgsqlConnectionStringBuilder(api.ConnectionString);
        var folder = Directory.CreateTempSubdirectory("gm-creds-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "pg-credentials.json"), $$"""{"Password": "{{source.Password}}", "Port": {{source.Port}}}""");
            var (code, output) = UriOf(root, folder, source.Database!);
            Assert.True(code == 0, output);
            var uri = output.Trim();
            Assert.Equal($"postgresql://geomonitor:{System.Uri.EscapeDataString(source.Password!)}@127.0.0.1:{source.Port}/{source.Database}", uri);
            var (psql, answer) = RunRaw("-c", "exec \"$0\" -tAc 'SELECT current_database()' \"$1\"", "/usr/lib/postgresql/15/bin/psql", uri);
            Assert.True(psql == 0, answer);
            Assert.Equal(source.Database, answer.Trim());

            File.WriteAllText(Path.Combine(folder, "pg-credentials.json"), """{"Password": "p@ss/w:rd", "Port": 5432}""");
            (code, output) = UriOf(root, folder, "postgres");
            Assert.True(code == 0, output);
            Assert.Equal("postgresql://geomonitor:p%40ss%2Fw%3Ard@127.0.0.1:5432/postgres", output.Trim());
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    // The function the scripts share, called as they call it (bash -c runs the first argument as a script).
    private static (int, string) UriOf(string root, string folder, string db) =>
        RunRaw("-c", "source \"$0\" && embedded_uri \"$1\" \"$2\"", Path.Combine(root, "scripts/lib/dburi.sh"), folder, db);

    private static string Uri(NpgsqlConnectionStringBuilder b, string db) =>
        $"postgresql://{b.Username}:{b.Password}@{b.Host}:{b.Port}/{db}";

    // Table names come from the fixed list above, never from input.
    private static async Task<long> Count(NpgsqlDataSource db, string table)
    {
        await using var cmd = db.CreateCommand($"SELECT count(*) FROM {table}");
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    private static async Task<string> Checksum(NpgsqlDataSource db, string table)
    {
        var order = table == "schema_migrations" ? "version" : "id";
        await using var cmd = db.CreateCommand($"SELECT coalesce(md5(string_agg(t::text, '|' ORDER BY {order})), '') FROM {table} t");
        return (string)(await cmd.ExecuteScalarAsync())!;
    }

    private static void Run(string script, params string[] args)
    {
        var (code, output) = RunRaw(script, args);
        Assert.True(code == 0, $"{Path.GetFileName(script)} failed ({code}): {output}");
    }

    private static (int, string) RunRaw(string script, params string[] args)
    {
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(script);
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output + err.Result);
    }
}
