using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace GeoMonitor.Api.Infrastructure.Database;

/// <summary>
/// Applies the versioned SQL files embedded under migrations/ in name order, each recorded in
/// <c>schema_migrations</c> with its checksum. All pending files run in one transaction under an advisory
/// lock, so two instances starting together cannot both apply them, and a failure leaves nothing behind.
/// </summary>
public static class Migrator
{
    // An arbitrary constant shared by every GeoMonitor instance ("GeoMonit" as ASCII).
    private const long LockKey = 0x47656F4D6F6E6974;

    /// <summary>The migrations shipped in this assembly, in the order they apply.</summary>
    public static IReadOnlyList<(string Version, string Sql)> Embedded()
    {
        var asm = typeof(Migrator).Assembly;
        return asm.GetManifestResourceNames()
            .Where(n => n.StartsWith("migrations/", StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => (Path.GetFileNameWithoutExtension(n["migrations/".Length..]), Read(asm, n)))
            .ToList();
    }

    /// <summary>Applies what is pending; returns the versions applied by this call.</summary>
    public static async Task<IReadOnlyList<string>> MigrateAsync(NpgsqlDataSource db, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await Exec(conn, tx, "SELECT pg_advisory_xact_lock($1)", ct, LockKey);
        await Exec(conn, tx, """
            CREATE TABLE IF NOT EXISTS schema_migrations (
              version    text PRIMARY KEY,
              checksum   text NOT NULL,
              applied_at timestamptz NOT NULL DEFAULT now())
            """, ct);
        var applied = new Dictionary<string, string>();
        await using (var cmd = new NpgsqlCommand("SELECT version, checksum FROM schema_migrations", conn, tx))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct)) applied[r.GetString(0)] = r.GetString(1);

        var done = new List<string>();
        foreach (var (version, sql) in Embedded())
        {
            var sum = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(sql)));
            if (applied.TryGetValue(version, out var old))
            {
                // An edited migration would make two databases with the same version differ: refuse it.
                if (old != sum) throw new InvalidOperationException($"Migration {version} changed after it was applied; add a new migration instead.");
                continue;
            }
            await Exec(conn, tx, sql, ct);
            await Exec(conn, tx, "INSERT INTO schema_migrations (version, checksum) VALUES ($1, $2)", ct, version, sum);
            done.Add(version);
        }
        await tx.CommitAsync(ct);
        // New extensions and types are cached per connection by Npgsql: reload them once.
        if (done.Count > 0) await conn.ReloadTypesAsync(ct);
        return done;
    }

    private static async Task Exec(NpgsqlConnection conn, NpgsqlTransaction tx, string sql, CancellationToken ct, params object[] args)
    {
        await using var cmd = new NpgsqlCommand(sql, conn, tx);
        foreach (var a in args) cmd.Parameters.AddWithValue(a);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static string Read(Assembly asm, string name)
    {
        using var s = asm.GetManifestResourceStream(name)!;
        using var r = new StreamReader(s);
        return r.ReadToEnd();
    }
}
