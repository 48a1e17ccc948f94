using NetTopologySuite.Geometries;
using Npgsql;
using NpgsqlTypes;

namespace GeoMonitor.Api.Features.LayerAdmin;

/// <summary>
/// SQL for the layer writes. Each write is one transaction that also recomputes what depends on the layer: buffer zones
/// derived from a changed line, and the enrichment of every incident (gm_enrich_incidents(NULL)).
/// </summary>
public sealed class LayerAdminStore(NpgsqlDataSource db)
{
    /// <summary>A line as validated.</summary>
    public sealed record LineInput(string Slug, string Name, string? NameAr, string? NameHe, string Kind, Geometry Geom, string Source, string? Method, bool Approximate, string Properties);

    /// <summary>A zone: a polygon, or a buffer of a line (Geom null, BufferOf set).</summary>
    public sealed record ZoneInput(string Slug, string Name, string? NameAr, string? NameHe, string Kind, Geometry? Geom, string? BufferOf, double? Metres, string? Side,
        int? Phase, DateTime? Deadline, DateTime? ValidFrom, DateTime? ValidTo, string Source, string? Method, bool Approximate, string Properties);

    /// <summary>A corridor route with its width and opening windows.</summary>
    public sealed record CorridorInput(string Slug, string Name, string? NameAr, string? NameHe, Geometry Route, double WidthM, string Status, string? Operator,
        IReadOnlyList<(DateTime From, DateTime? To, string? Note)> Windows, string Source, string? Method, bool Approximate, string Properties);

    /// <summary>A truce window.</summary>
    public sealed record TruceInput(string Slug, string Name, DateTime Start, DateTime? End, string[] Parties, string[]? Scope, string Source, string? Notes,
        DateTime? AnnouncedAt, string? ExtensionSource, string Properties, TimeSpan? CoolingOff = null);

    /// <summary>What a write did.</summary>
    /// <param name="Slug">The layer.</param>
    /// <param name="Created">True when it did not exist before.</param>
    /// <param name="IncidentsReenriched">How many incidents' stored enrichment changed (each is a change in the feed, V053).</param>
    /// <param name="DerivedZones">Buffer zones recomputed because their line changed.</param>
    public sealed record WriteResult(string Slug, bool Created, int IncidentsReenriched, IReadOnlyList<string> DerivedZones);

    /// <summary>Inserts or replaces a line; buffer zones derived from it follow.</summary>
    public Task<WriteResult> PutLineAsync(LineInput l, string? by, CancellationToken ct) => InTransaction(by, async (c, tx) =>
    {
        var created = await Scalar<bool>(c, tx, ct, """
            INSERT INTO lines (slug, name, name_ar, name_he, kind, geom, source, method, approximate, properties)
            VALUES ($1, $2, $3, $4, $5, ST_Multi($6), $7, $8, $9, $10)
            ON CONFLICT (slug) DO UPDATE SET name = EXCLUDED.name, name_ar = EXCLUDED.name_ar, name_he = EXCLUDED.name_he,
              kind = EXCLUDED.kind, geom = EXCLUDED.geom, source = EXCLUDED.source, method = EXCLUDED.method,
              approximate = EXCLUDED.approximate, properties = EXCLUDED.properties, updated_at = now()
            RETURNING xmax = 0
            """, l.Slug, l.Name, l.NameAr, l.NameHe, l.Kind, l.Geom, l.Source, l.Method, l.Approximate, Jsonb(l.Properties));
        var derived = new List<string>();
        await using (var cmd = Command(c, tx, """
            UPDATE zones z SET geom = gm_line_buffer(l.geom, z.buffer_metres, z.buffer_side), updated_at = now()
            FROM lines l WHERE l.slug = $1 AND z.buffer_of_line = l.slug RETURNING z.slug
            """, l.Slug))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct)) derived.Add(r.GetString(0));
        return new WriteResult(l.Slug, created, await Enrich(c, tx, ct), derived);
    }, ct);

    /// <summary>Inserts or replaces a zone; a buffer zone is computed from its line (null when the line does not exist).</summary>
    public Task<WriteResult?> PutZoneAsync(ZoneInput z, string? by, CancellationToken ct) => InTransaction<WriteResult?>(by, async (c, tx) =>
    {
        object?[] common = [z.Slug, z.Name, z.NameAr, z.NameHe, z.Kind, z.Phase, z.Deadline,
            Range(z.ValidFrom, z.ValidTo),
            z.Source, z.Method, z.Approximate, Jsonb(z.Properties)];
        const string upsert = """
            ON CONFLICT (slug) DO UPDATE SET name = EXCLUDED.name, name_ar = EXCLUDED.name_ar, name_he = EXCLUDED.name_he, kind = EXCLUDED.kind,
              phase = EXCLUDED.phase, deadline = EXCLUDED.deadline, valid = EXCLUDED.valid, source = EXCLUDED.source, method = EXCLUDED.method,
              approximate = EXCLUDED.approximate, properties = EXCLUDED.properties, geom = EXCLUDED.geom, buffer_of_line = EXCLUDED.buffer_of_line,
              buffer_metres = EXCLUDED.buffer_metres, buffer_side = EXCLUDED.buffer_side, updated_at = now()
            RETURNING xmax = 0
            """;
        bool? created;
        if (z.BufferOf is not null)
        {
            created = await ScalarOrNull<bool>(c, tx, ct, $"""
                INSERT INTO zones (slug, name, name_ar, name_he, kind, phase, deadline, valid, source, method, approximate, properties,
                                   geom, buffer_of_line, buffer_metres, buffer_side)
                SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, gm_line_buffer(l.geom, $14, $15), l.slug, $14, $15
                FROM lines l WHERE l.slug = $13
                {upsert}
                """, [.. common, z.BufferOf, z.Metres, z.Side]);
            if (created is null) return null;
        }
        else
        {
            created = await Scalar<bool>(c, tx, ct, $"""
                INSERT INTO zones (slug, name, name_ar, name_he, kind, phase, deadline, valid, source, method, approximate, properties,
                                   geom, buffer_of_line, buffer_metres, buffer_side)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, ST_Multi(ST_CollectionExtract($13, 3)), NULL, NULL, NULL)
                {upsert}
                """, [.. common, z.Geom!]);
        }
        return new WriteResult(z.Slug, created.Value, await Enrich(c, tx, ct), []);
    }, ct);

    /// <summary>Inserts or replaces a corridor and its opening windows.</summary>
    public Task<WriteResult> PutCorridorAsync(CorridorInput k, string? by, CancellationToken ct) => InTransaction(by, async (c, tx) =>
    {
        var created = await Scalar<bool>(c, tx, ct, """
            INSERT INTO corridors (slug, name, name_ar, name_he, route, width_m, status, operator, source, method, approximate, properties)
            VALUES ($1, $2, $3, $4, ST_Multi($5), $6, $7, $8, $9, $10, $11, $12)
            ON CONFLICT (slug) DO UPDATE SET name = EXCLUDED.name, name_ar = EXCLUDED.name_ar, name_he = EXCLUDED.name_he, route = EXCLUDED.route,
              width_m = EXCLUDED.width_m, status = EXCLUDED.status, operator = EXCLUDED.operator, source = EXCLUDED.source,
              method = EXCLUDED.method, approximate = EXCLUDED.approximate, properties = EXCLUDED.properties, updated_at = now()
            RETURNING xmax = 0
            """, k.Slug, k.Name, k.NameAr, k.NameHe, k.Route, k.WidthM, k.Status, k.Operator, k.Source, k.Method, k.Approximate, Jsonb(k.Properties));
        await Exec(c, tx, ct, "DELETE FROM corridor_windows WHERE corridor_id = (SELECT id FROM corridors WHERE slug = $1)", k.Slug);
        foreach (var w in k.Windows)
            await Exec(c, tx, ct, "INSERT INTO corridor_windows (corridor_id, during, note) SELECT id, $2, $3 FROM corridors WHERE slug = $1",
                k.Slug, Range(w.From, w.To), w.Note);
        return new WriteResult(k.Slug, created, await Enrich(c, tx, ct), []);
    }, ct);

    /// <summary>What a truce write did, with the extension recorded if its end moved.</summary>
    public sealed record TruceResult(WriteResult Write, DateTime? PreviousEnd, DateTime? NewEnd, bool Extended);

    /// <summary>
    /// Inserts a truce, or updates it keeping its identity; when the end in force moves, the previous end is recorded in
    /// truce_extensions (the original end stays in original_end). Returns null when an existing truce would lose its end.
    /// </summary>
    public Task<TruceResult?> PutTruceAsync(TruceInput t, string? by, CancellationToken ct) => InTransaction<TruceResult?>(by, async (c, tx) =>
    {
        long? id = null;
        DateTime? currentEnd = null;
        await using (var cmd = Command(c, tx, "SELECT id, upper(during) FROM truces WHERE slug = $1 FOR UPDATE", t.Slug))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            if (await r.ReadAsync(ct)) (id, currentEnd) = (r.GetInt64(0), r.IsDBNull(1) ? null : DateTime.SpecifyKind(r.GetDateTime(1), DateTimeKind.Utc));
        var during = Range(t.Start, t.End);
        if (id is null)
        {
            await Exec(c, tx, ct, """
                INSERT INTO truces (slug, name, during, original_end, parties, scope, source, notes, properties, cooling_off)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::interval)
                """, t.Slug, t.Name, during, t.End, t.Parties, t.Scope, t.Source, t.Notes, Jsonb(t.Properties), t.CoolingOff);
            return new TruceResult(new WriteResult(t.Slug, true, await Enrich(c, tx, ct), []), null, t.End, false);
        }
        var extended = t.End != currentEnd;
        if (extended && t.End is null) return null;
        await Exec(c, tx, ct, """
            UPDATE truces SET name = $2, during = $3, parties = $4, scope = $5, source = $6, notes = $7, properties = $8, cooling_off = $9::interval,
                              updated_at = now() WHERE id = $1
            """, id.Value, t.Name, during, t.Parties, t.Scope, t.Source, t.Notes, Jsonb(t.Properties), t.CoolingOff);
        if (extended)
            await Exec(c, tx, ct, "INSERT INTO truce_extensions (truce_id, announced_at, previous_end, new_end, source) VALUES ($1, $2, $3, $4, $5)",
                id.Value, t.AnnouncedAt, currentEnd, t.End, t.ExtensionSource ?? t.Source);
        return new TruceResult(new WriteResult(t.Slug, false, await Enrich(c, tx, ct), []), currentEnd, t.End, extended);
    }, ct);

    /// <summary>Extends (or shortens) the truce in force: records the previous end and moves the window's end. Null when there is no such truce.</summary>
    public Task<TruceResult?> ExtendTruceAsync(string slug, DateTime newEnd, DateTime? announcedAt, string? source, string? by, CancellationToken ct) =>
        InTransaction<TruceResult?>(by, async (c, tx) =>
        {
            long id;
            DateTime start;
            DateTime? previous;
            await using (var cmd = Command(c, tx, "SELECT id, lower(during), upper(during) FROM truces WHERE slug = $1 FOR UPDATE", slug))
            await using (var r = await cmd.ExecuteReaderAsync(ct))
            {
                if (!await r.ReadAsync(ct)) return null;
                (id, start, previous) = (r.GetInt64(0), DateTime.SpecifyKind(r.GetDateTime(1), DateTimeKind.Utc),
                    r.IsDBNull(2) ? null : DateTime.SpecifyKind(r.GetDateTime(2), DateTimeKind.Utc));
            }
            if (newEnd <= start) throw new ArgumentException($"the new end must be after the truce's start ({start:yyyy-MM-dd'T'HH:mm:ss'Z'})");
            await Exec(c, tx, ct, "UPDATE truces SET during = tstzrange(lower(during), $2, '[)'), updated_at = now() WHERE id = $1", id, newEnd);
            await Exec(c, tx, ct, "INSERT INTO truce_extensions (truce_id, announced_at, previous_end, new_end, source) VALUES ($1, $2, $3, $4, $5)",
                id, announcedAt, previous, newEnd, source);
            return new TruceResult(new WriteResult(slug, false, await Enrich(c, tx, ct), []), previous, newEnd, true);
        }, ct);

    /// <summary>
    /// Which records depend on the one being deleted: buffer zones of a line; truces scoped to a zone, and the benchmarks and
    /// custody records about it; benchmarks a truce depends on.
    /// </summary>
    public async Task<IReadOnlyList<string>> DependentsAsync(LayerKind kind, string slug, CancellationToken ct)
    {
        var sql = kind switch
        {
            LayerKind.Line => "SELECT 'zone ' || slug FROM zones WHERE buffer_of_line = $1 UNION ALL SELECT 'dispute ' || slug FROM disputes WHERE line = $1 ORDER BY 1",
            LayerKind.Zone => """
                SELECT 'truce ' || slug FROM truces WHERE $1 = ANY (scope)
                UNION ALL SELECT 'benchmark ' || b.slug FROM benchmarks b JOIN zones z ON z.id = b.zone_id WHERE z.slug = $1
                UNION ALL SELECT 'custody ' || k.slug FROM custody k JOIN zones z ON z.id = k.zone_id WHERE z.slug = $1
                ORDER BY 1
                """,
            LayerKind.Truce => "SELECT 'benchmark ' || b.slug FROM benchmarks b JOIN truces t ON t.id = b.truce_id WHERE t.slug = $1 ORDER BY 1",
            _ => null,
        };
        if (sql is null) return [];
        await using var cmd = db.CreateCommand(sql);
        cmd.Parameters.AddWithValue(slug);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var list = new List<string>();
        while (await r.ReadAsync(ct)) list.Add(r.GetString(0));
        return list;
    }

    /// <summary>Deletes a layer (table chosen from a fixed list, never from input) and recomputes the enrichment; false when absent.</summary>
    public Task<bool> DeleteAsync(LayerKind kind, string slug, string? by, CancellationToken ct) => InTransaction(by, async (c, tx) =>
    {
        var sql = kind switch
        {
            LayerKind.Line => "DELETE FROM lines WHERE slug = $1",
            LayerKind.Zone => "DELETE FROM zones WHERE slug = $1",
            LayerKind.Corridor => "DELETE FROM corridors WHERE slug = $1",
            _ => "DELETE FROM truces WHERE slug = $1",
        };
        if (await Exec(c, tx, ct, sql, slug) == 0) return false;
        await Enrich(c, tx, ct);
        return true;
    }, ct);

    // The writer's key goes into the transaction's settings: the version triggers record it (V050, recorded_by).
    private async Task<T> InTransaction<T>(string? by, Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await Exec(conn, tx, ct, "SELECT set_config('gm.changed_by', $1, true)", by ?? "");
        var result = await work(conn, tx);
        await tx.CommitAsync(ct);
        return result;
    }

    private static async Task<int> Enrich(NpgsqlConnection c, NpgsqlTransaction tx, CancellationToken ct) =>
        await Scalar<int>(c, tx, ct, "SELECT gm_enrich_incidents(NULL)");

    // Half-open [from, to), null = unbounded.
    private static NpgsqlRange<DateTime> Range(DateTime? from, DateTime? to)
    {
        var none = new DateTime(0, DateTimeKind.Utc);
        return new(from ?? none, true, from is null, to ?? none, false, to is null);
    }

    private sealed record JsonbText(string Text);

    private static JsonbText Jsonb(string json) => new(json);

    private static NpgsqlCommand Command(NpgsqlConnection c, NpgsqlTransaction tx, string sql, params object?[] args)
    {
        var cmd = new NpgsqlCommand(sql, c, tx);
        foreach (var a in args)
            cmd.Parameters.Add(a switch
            {
                null => new NpgsqlParameter { Value = DBNull.Value },
                JsonbText j => new NpgsqlParameter { Value = j.Text, NpgsqlDbType = NpgsqlDbType.Jsonb },
                // Explicit: a range with two unbounded ends carries no value from which Npgsql could tell tstzrange.
                NpgsqlRange<DateTime> r => new NpgsqlParameter { Value = r, NpgsqlDbType = NpgsqlDbType.TimestampTzRange },
                _ => new NpgsqlParameter { Value = a },
            });
        return cmd;
    }

    private static async Task<int> Exec(NpgsqlConnection c, NpgsqlTransaction tx, CancellationToken ct, string sql, params object?[] args)
    {
        await using var cmd = Command(c, tx, sql, args);
        return await cmd.ExecuteNonQueryAsync(ct);
    }

    private static async Task<T> Scalar<T>(NpgsqlConnection c, NpgsqlTransaction tx, CancellationToken ct, string sql, params object?[] args)
    {
        await using var cmd = Command(c, tx, sql, args);
        return (T)(await cmd.ExecuteScalarAsync(ct))!;
    }

    private static async Task<T?> ScalarOrNull<T>(NpgsqlConnection c, NpgsqlTransaction tx, CancellationToken ct, string sql, params object?[] args) where T : struct
    {
        await using var cmd = Command(c, tx, sql, args);
        return await cmd.ExecuteScalarAsync(ct) is T v ? v : null;
    }
}

/// <summary>The four kinds of layer an admin manages.</summary>
public enum LayerKind
{
    /// <summary>lines</summary>
    Line,
    /// <summary>zones</summary>
    Zone,
    /// <summary>corridors</summary>
    Corridor,
    /// <summary>truces</summary>
    Truce,
}
