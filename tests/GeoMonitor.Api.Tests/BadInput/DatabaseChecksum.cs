using System.Text;
using Npgsql;

namespace GeoMonitor.Api.Tests.BadInput;

/// <summary>
/// The contents of every table of the public schema as one checksum per table (rows hashed, sorted, hashed again), so
/// that two snapshots differ exactly when some row was added, removed or changed. PostGIS's own spatial_ref_sys is left
/// out: the API never writes it and it is large.
/// </summary>
public static class DatabaseChecksum
{
    /// <summary>Table name → "count:md5".</summary>
    public static async Task<IReadOnlyDictionary<string, string>> ComputeAsync(NpgsqlDataSource db)
    {
        var tables = new List<string>();
        await using (var list = db.CreateCommand("""
            SELECT quote_ident(tablename) FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'spatial_ref_sys' ORDER BY tablename
            """))
        await using (var r = await list.ExecuteReaderAsync())
            while (await r.ReadAsync()) tables.Add(r.GetString(0));

        // The names come from the catalog (quoted by quote_ident), never from input.
        var sql = new StringBuilder();
        foreach (var t in tables)
        {
            if (sql.Length > 0) sql.Append(" UNION ALL ");
            sql.Append($"SELECT '{t}', count(*) || ':' || coalesce(md5(string_agg(h, '' ORDER BY h)), '') FROM (SELECT md5(x::text) h FROM {t} x) s");
        }
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        await using var cmd = db.CreateCommand(sql.ToString());
        await using var rows = await cmd.ExecuteReaderAsync();
        while (await rows.ReadAsync()) result[rows.GetString(0)] = rows.GetString(1);
        return result;
    }

    /// <summary>The tables whose checksum differs between two snapshots.</summary>
    public static IReadOnlyList<string> Changed(IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> after) =>
        before.Keys.Union(after.Keys).Where(k => before.GetValueOrDefault(k) != after.GetValueOrDefault(k)).ToList();
}
