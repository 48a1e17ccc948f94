using Npgsql;
using NpgsqlTypes;

namespace GeoMonitor.Api.GraphQL.Data;

/// <summary>
/// The layer reads of the GraphQL API: attributes without geometry (a zone list is a few rows; its polygons can be
/// megabytes), by slugs in one statement for the batch loaders, and geometry by slugs when a query selects it. The
/// filters mean what the REST layer endpoints' filters mean (Features/Layers/LayerSql.cs, Features/Truces/TruceSql.cs).
/// </summary>
public sealed class LayerStore(NpgsqlDataSource db)
{
    private const string LineSql = """
        SELECT t.slug, t.name, t.name_ar, t.name_he, t.kind, round((ST_Length(t.geom::geography) / 1000)::numeric, 3)::float8,
               t.source, t.method, t.approximate, t.updated_at
        FROM lines t WHERE (@slugs::text[] IS NULL OR t.slug = ANY (@slugs)) ORDER BY t.slug
        """;

    private const string ZoneSql = """
        SELECT t.slug, t.name, t.name_ar, t.name_he, t.kind, t.phase, t.deadline, lower(t.valid), upper(t.valid),
               t.buffer_of_line, t.buffer_metres, t.buffer_side, round((ST_Area(t.geom::geography) / 1e6)::numeric, 3)::float8,
               t.source, t.method, t.approximate, t.updated_at
        FROM zones t
        WHERE (@slugs::text[] IS NULL OR t.slug = ANY (@slugs)) AND (@kind::text IS NULL OR t.kind = @kind)
          AND (@at::timestamptz IS NULL OR t.valid @> @at::timestamptz)
        ORDER BY t.slug
        """;

    private const string CorridorSql = """
        SELECT t.id, t.slug, t.name, t.name_ar, t.name_he, t.width_m, t.status, t.operator, t.source, t.method, t.approximate, t.updated_at,
               ARRAY(SELECT lower(w.during) FROM corridor_windows w WHERE w.corridor_id = t.id ORDER BY lower(w.during)),
               ARRAY(SELECT upper(w.during) FROM corridor_windows w WHERE w.corridor_id = t.id ORDER BY lower(w.during)),
               ARRAY(SELECT w.note FROM corridor_windows w WHERE w.corridor_id = t.id ORDER BY lower(w.during))
        FROM corridors t
        WHERE (@slugs::text[] IS NULL OR t.slug = ANY (@slugs))
          AND (@at::timestamptz IS NULL OR EXISTS (SELECT 1 FROM corridor_windows w WHERE w.corridor_id = t.id AND w.during @> @at::timestamptz))
        ORDER BY t.slug
        """;

    private const string TruceSql = """
        SELECT t.slug, t.name, lower(t.during), upper(t.during), t.original_end,
               round((extract(epoch FROM upper(t.during) - lower(t.during)) / 86400)::numeric, 4)::float8,
               t.parties, t.scope, t.source, t.notes, t.updated_at,
               ARRAY(SELECT e.announced_at FROM truce_extensions e WHERE e.truce_id = t.id ORDER BY e.new_end, e.id),
               ARRAY(SELECT e.previous_end FROM truce_extensions e WHERE e.truce_id = t.id ORDER BY e.new_end, e.id),
               ARRAY(SELECT e.new_end FROM truce_extensions e WHERE e.truce_id = t.id ORDER BY e.new_end, e.id),
               ARRAY(SELECT e.source FROM truce_extensions e WHERE e.truce_id = t.id ORDER BY e.new_end, e.id)
        FROM truces t
        WHERE (@slugs::text[] IS NULL OR t.slug = ANY (@slugs)) AND (@at::timestamptz IS NULL OR t.during @> @at::timestamptz)
        ORDER BY lower(t.during), t.slug
        """;

    /// <summary>Lines (all when <paramref name="slugs"/> is null).</summary>
    public async Task<List<LineNode>> LinesAsync(IReadOnlyCollection<string>? slugs, CancellationToken ct)
    {
        await using var cmd = Command(LineSql, slugs, null, null);
        return await ReadAsync(cmd, r => new LineNode(r.GetString(0), r.GetString(1), S(r, 2), S(r, 3), r.GetString(4), r.GetDouble(5),
            r.GetString(6), S(r, 7), r.GetBoolean(8), Utc(r.GetDateTime(9))), ct);
    }

    /// <summary>Zones (all when <paramref name="slugs"/> is null), of a kind, valid at an instant.</summary>
    public async Task<List<ZoneNode>> ZonesAsync(IReadOnlyCollection<string>? slugs, string? kind, DateTimeOffset? at, CancellationToken ct)
    {
        await using var cmd = Command(ZoneSql, slugs, kind, at);
        return await ReadAsync(cmd, r => new ZoneNode(r.GetString(0), r.GetString(1), S(r, 2), S(r, 3), r.GetString(4),
            r.IsDBNull(5) ? null : r.GetInt32(5), T(r, 6), T(r, 7), T(r, 8),
            r.IsDBNull(9) || r.IsDBNull(10) ? null : new ZoneBufferNode(r.GetString(9), r.GetDouble(10), S(r, 11)),
            r.GetDouble(12), r.GetString(13), S(r, 14), r.GetBoolean(15), Utc(r.GetDateTime(16))), ct);
    }

    /// <summary>Corridors (all when <paramref name="slugs"/> is null), open at an instant.</summary>
    public async Task<List<CorridorNode>> CorridorsAsync(IReadOnlyCollection<string>? slugs, DateTimeOffset? openAt, CancellationToken ct)
    {
        await using var cmd = Command(CorridorSql, slugs, null, openAt);
        return await ReadAsync(cmd, r =>
        {
            var from = r.GetFieldValue<DateTime[]>(12);
            var to = r.GetFieldValue<DateTime?[]>(13);
            var note = r.GetFieldValue<string?[]>(14);
            var windows = from.Select((f, n) => new CorridorWindowNode(Utc(f), to[n] is { } t ? Utc(t) : null, note[n])).ToList();
            return new CorridorNode(r.GetInt64(0), r.GetString(1), r.GetString(2), S(r, 3), S(r, 4), r.GetDouble(5), r.GetString(6), S(r, 7),
                r.GetString(8), S(r, 9), r.GetBoolean(10), windows, Utc(r.GetDateTime(11)));
        }, ct);
    }

    /// <summary>Truces (all when <paramref name="slugs"/> is null), in force at an instant.</summary>
    public async Task<List<TruceNode>> TrucesAsync(IReadOnlyCollection<string>? slugs, DateTimeOffset? activeAt, CancellationToken ct)
    {
        await using var cmd = Command(TruceSql, slugs, null, activeAt);
        return await ReadAsync(cmd, r =>
        {
            var announced = r.GetFieldValue<DateTime?[]>(11);
            var previous = r.GetFieldValue<DateTime?[]>(12);
            var newEnd = r.GetFieldValue<DateTime[]>(13);
            var source = r.GetFieldValue<string?[]>(14);
            var extensions = newEnd.Select((e, n) => new TruceExtensionNode(
                announced[n] is { } a ? Utc(a) : null, previous[n] is { } p ? Utc(p) : null, Utc(e), source[n])).ToList();
            return new TruceNode(r.GetString(0), r.GetString(1), Utc(r.GetDateTime(2)), T(r, 3), T(r, 4),
                r.IsDBNull(5) ? null : r.GetDouble(5), r.GetFieldValue<string[]>(6), r.IsDBNull(7) ? null : r.GetFieldValue<string[]>(7),
                extensions, r.GetString(8), S(r, 9), Utc(r.GetDateTime(10)));
        }, ct);
    }

    /// <summary>The layers whose geometry can be asked for.</summary>
    public enum GeometryKind
    {
        /// <summary>lines.geom</summary>
        Line,
        /// <summary>zones.geom (rings counter-clockwise)</summary>
        Zone,
        /// <summary>corridors.geom, the area (rings counter-clockwise)</summary>
        CorridorArea,
        /// <summary>corridors.route</summary>
        CorridorRoute,
    }

    /// <summary>GeoJSON text (6 decimals) of the named layers' geometry, by slug.</summary>
    public async Task<IReadOnlyDictionary<string, string>> GeometriesAsync(GeometryKind kind, IReadOnlyCollection<string> slugs, CancellationToken ct)
    {
        // The table and column come from this switch, never from input.
        var (table, expr) = kind switch
        {
            GeometryKind.Line => ("lines", "geom"),
            GeometryKind.Zone => ("zones", "ST_ForcePolygonCCW(geom)"),
            GeometryKind.CorridorArea => ("corridors", "ST_ForcePolygonCCW(geom)"),
            _ => ("corridors", "route"),
        };
        await using var cmd = db.CreateCommand($"SELECT slug, ST_AsGeoJSON({expr}, 6, 0) FROM {table} WHERE slug = ANY (@slugs)");
        cmd.Parameters.Add(new NpgsqlParameter("slugs", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = slugs.ToArray() });
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) result[r.GetString(0)] = r.GetString(1);
        return result;
    }

    private NpgsqlCommand Command(string sql, IReadOnlyCollection<string>? slugs, string? kind, DateTimeOffset? at)
    {
        var cmd = db.CreateCommand(sql);
        cmd.Parameters.Add(new NpgsqlParameter("slugs", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = (object?)slugs?.ToArray() ?? DBNull.Value });
        if (sql.Contains("@kind", StringComparison.Ordinal)) cmd.Parameters.Add(new NpgsqlParameter("kind", NpgsqlDbType.Text) { Value = (object?)kind ?? DBNull.Value });
        if (sql.Contains("@at", StringComparison.Ordinal))
            cmd.Parameters.Add(new NpgsqlParameter("at", NpgsqlDbType.TimestampTz) { Value = (object?)at?.UtcDateTime ?? DBNull.Value });
        return cmd;
    }

    private static async Task<List<T>> ReadAsync<T>(NpgsqlCommand cmd, Func<NpgsqlDataReader, T> read, CancellationToken ct)
    {
        var list = new List<T>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) list.Add(read(r));
        return list;
    }

    private static string? S(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private static DateTime? T(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : Utc(r.GetDateTime(i));

    private static DateTime Utc(DateTime t) => DateTime.SpecifyKind(t, DateTimeKind.Utc);
}
