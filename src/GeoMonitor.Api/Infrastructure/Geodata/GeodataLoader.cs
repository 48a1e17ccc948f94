using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace GeoMonitor.Api.Infrastructure.Geodata;

/// <summary>
/// Loads the layers of geodata/ (format: docs/geodata.md) on first start. Rows are keyed by slug
/// (incidents by source + externalId) and inserted only when absent, so a restart changes nothing and
/// a layer edited through the admin API is not overwritten by the file it came from.
/// </summary>
public static class GeodataLoader
{
    private const long LockKey = 0x47656F4461746121;

    /// <summary>What one load inserted.</summary>
    public sealed record Result(int Lines, int Zones, int Corridors, int Truces, int Incidents, int Disputes = 0)
    {
        /// <summary>Whether anything at all was inserted.</summary>
        public bool Any => Lines + Zones + Corridors + Truces + Incidents + Disputes > 0;
    }

    /// <summary>Loads every file of <paramref name="folder"/> in one transaction.</summary>
    public static async Task<Result> LoadAsync(NpgsqlDataSource db, string folder, CancellationToken ct = default)
    {
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"Geodata folder not found: {folder}");
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await using (var lk = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1)", conn, tx))
        {
            lk.Parameters.AddWithValue(LockKey);
            await lk.ExecuteNonQueryAsync(ct);
        }

        var result = new Result(
            Lines: await Each(folder, "lines.geojson", f => InsertLine(conn, tx, f, ct)),
            Zones: await Each(folder, "zones.geojson", f => InsertZone(conn, tx, f, ct)),
            Corridors: await Each(folder, "corridors.geojson", f => InsertCorridor(conn, tx, f, ct)),
            Truces: await EachTruce(folder, t => InsertTruce(conn, tx, t, ct)),
            Incidents: await Each(folder, "incidents.geojson", f => InsertIncident(conn, tx, f, ct)),
            Disputes: await EachDispute(folder, d => InsertDispute(conn, tx, d, ct)));

        if (result.Any)
        {
            // A new layer changes the enrichment of every incident, not only of the new ones.
            await using var enrich = new NpgsqlCommand("SELECT gm_enrich_incidents(NULL)", conn, tx);
            await enrich.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
        return result;
    }

    private static async Task<int> Each(string folder, string file, Func<JsonElement, Task<bool>> insert)
    {
        var path = Path.Combine(folder, file);
        if (!File.Exists(path)) return 0;
        using var doc = JsonDocument.Parse(await File.ReadAllBytesAsync(path));
        var n = 0;
        foreach (var f in doc.RootElement.GetProperty("features").EnumerateArray())
        {
            try
            {
                if (await insert(f)) n++;
            }
            catch (PostgresException e)
            {
                // Name the feature: "check constraint violated" alone does not tell an editor what to fix.
                var p = f.TryGetProperty("properties", out var props) ? props : default;
                var id = p.ValueKind == JsonValueKind.Object ? Opt(p, "slug") ?? Opt(p, "externalId") : null;
                throw new InvalidDataException($"geodata/{file}: feature '{id ?? "?"}' was refused by the database: {e.MessageText}", e);
            }
        }
        return n;
    }

    private static async Task<int> EachTruce(string folder, Func<JsonElement, Task<bool>> insert)
    {
        var path = Path.Combine(folder, "truces.json");
        if (!File.Exists(path)) return 0;
        using var doc = JsonDocument.Parse(await File.ReadAllBytesAsync(path));
        var n = 0;
        foreach (var t in doc.RootElement.EnumerateArray())
            if (await insert(t)) n++;
        return n;
    }

    private static async Task<int> EachDispute(string folder, Func<JsonElement, Task<bool>> insert)
    {
        var path = Path.Combine(folder, "disputes.json");
        if (!File.Exists(path)) return 0;
        using var doc = JsonDocument.Parse(await File.ReadAllBytesAsync(path));
        var n = 0;
        foreach (var d in doc.RootElement.EnumerateArray())
            if (await insert(d)) n++;
        return n;
    }

    // A dispute of a line that is not loaded is skipped (its line is someone else's file); its claims come with it.
    private static async Task<bool> InsertDispute(NpgsqlConnection c, NpgsqlTransaction tx, JsonElement d, CancellationToken ct)
    {
        await using var cmd = Command(c, tx, """
            INSERT INTO disputes (slug, name, line, kind, source, note, properties)
            SELECT $1, $2, l.slug, $4, $5, $6, $7 FROM lines l WHERE l.slug = $3
            ON CONFLICT (slug) DO NOTHING RETURNING slug
            """, Str(d, "slug"), Str(d, "name"), Str(d, "line"), Str(d, "kind"), Source(d), Opt(d, "note"), Json(d));
        if (await cmd.ExecuteScalarAsync(ct) is null) return false;
        if (d.TryGetProperty("claims", out var claims))
            foreach (var k in claims.EnumerateArray())
            {
                await using var kc = Command(c, tx, """
                    INSERT INTO dispute_claims (dispute, party, geom, source, note, recorded_by)
                    VALUES ($1, $2, ST_SetSRID(ST_GeomFromGeoJSON($3), 4326), $4, $5, 'geodata')
                    """, Str(d, "slug"), Str(k, "party"), k.GetProperty("geometry").GetRawText(), Source(k), Opt(k, "note"));
                await kc.ExecuteNonQueryAsync(ct);
            }
        return true;
    }

    private static Task<bool> InsertLine(NpgsqlConnection c, NpgsqlTransaction tx, JsonElement f, CancellationToken ct)
    {
        var p = f.GetProperty("properties");
        return Insert(c, tx, ct, """
            INSERT INTO lines (slug, name, name_ar, name_he, kind, geom, source, method, approximate, properties)
            VALUES ($1, $2, $3, $4, $5, ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($6), 4326)), $7, $8, $9, $10)
            ON CONFLICT (slug) DO NOTHING RETURNING id
            """, Str(p, "slug"), Str(p, "name"), Opt(p, "name_ar"), Opt(p, "name_he"), Str(p, "kind"),
            f.GetProperty("geometry").GetRawText(), Source(p), Opt(p, "method"), Bool(p, "approximate"), Json(p));
    }

    private static Task<bool> InsertZone(NpgsqlConnection c, NpgsqlTransaction tx, JsonElement f, CancellationToken ct)
    {
        var p = f.GetProperty("properties");
        var common = new object?[]
        {
            Str(p, "slug"), Str(p, "name"), Opt(p, "name_ar"), Opt(p, "name_he"), Str(p, "kind"),
            OptInt(p, "phase"), OptTime(p, "deadline"), Range(OptTime(p, "validFrom"), OptTime(p, "validTo")),
            Source(p), Opt(p, "method"), Bool(p, "approximate"), Json(p),
        };
        if (p.TryGetProperty("bufferOf", out var b) && b.ValueKind == JsonValueKind.Object)
        {
            // Buffers are computed here in metres rather than stored, so they follow their line.
            return Insert(c, tx, ct, """
                INSERT INTO zones (slug, name, name_ar, name_he, kind, phase, deadline, valid, source, method, approximate,
                                   properties, geom, buffer_of_line, buffer_metres, buffer_side)
                SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, gm_line_buffer(l.geom, $14, $15), l.slug, $14, $15
                FROM lines l WHERE l.slug = $13
                ON CONFLICT (slug) DO NOTHING RETURNING id
                """, [.. common, Str(b, "line"), b.GetProperty("metres").GetDouble(), Str(b, "side")]);
        }
        return Insert(c, tx, ct, """
            INSERT INTO zones (slug, name, name_ar, name_he, kind, phase, deadline, valid, source, method, approximate,
                               properties, geom)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12,
                    ST_Multi(ST_CollectionExtract(ST_SetSRID(ST_GeomFromGeoJSON($13), 4326), 3)))
            ON CONFLICT (slug) DO NOTHING RETURNING id
            """, [.. common, f.GetProperty("geometry").GetRawText()]);
    }

    private static async Task<bool> InsertCorridor(NpgsqlConnection c, NpgsqlTransaction tx, JsonElement f, CancellationToken ct)
    {
        var p = f.GetProperty("properties");
        await using var cmd = Command(c, tx, """
            INSERT INTO corridors (slug, name, name_ar, name_he, route, width_m, status, operator, source, method, approximate, properties)
            VALUES ($1, $2, $3, $4, ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($5), 4326)), $6, $7, $8, $9, $10, $11, $12)
            ON CONFLICT (slug) DO NOTHING RETURNING id
            """, Str(p, "slug"), Str(p, "name"), Opt(p, "name_ar"), Opt(p, "name_he"), f.GetProperty("geometry").GetRawText(),
            p.GetProperty("widthM").GetDouble(), Opt(p, "status") ?? "open", Opt(p, "operator"), Source(p),
            Opt(p, "method"), Bool(p, "approximate"), Json(p));
        if (await cmd.ExecuteScalarAsync(ct) is not long id) return false;
        if (p.TryGetProperty("windows", out var windows))
            foreach (var w in windows.EnumerateArray())
            {
                await using var wc = Command(c, tx, "INSERT INTO corridor_windows (corridor_id, during, note) VALUES ($1, $2, $3)",
                    id, Range(OptTime(w, "from"), OptTime(w, "to")), Opt(w, "note"));
                await wc.ExecuteNonQueryAsync(ct);
            }
        return true;
    }

    private static async Task<bool> InsertTruce(NpgsqlConnection c, NpgsqlTransaction tx, JsonElement t, CancellationToken ct)
    {
        var extensions = t.TryGetProperty("extensions", out var ex) ? ex.EnumerateArray().ToList() : [];
        var originalEnd = OptTime(t, "end");
        var endInForce = extensions.Count > 0 ? OptTime(extensions[^1], "newEnd") : originalEnd;
        string[]? scope = t.TryGetProperty("scope", out var s) && s.ValueKind == JsonValueKind.Array
            ? s.EnumerateArray().Select(e => e.GetString()!).ToArray() : null;
        string[] parties = t.TryGetProperty("parties", out var pa) ? pa.EnumerateArray().Select(e => e.GetString()!).ToArray() : [];
        await using var cmd = Command(c, tx, """
            INSERT INTO truces (slug, name, during, original_end, parties, scope, source, notes, properties)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            ON CONFLICT (slug) DO NOTHING RETURNING id
            """, Str(t, "slug"), Str(t, "name"), Range(OptTime(t, "start"), endInForce), originalEnd,
            parties, scope, Source(t), Opt(t, "notes"), Json(t));
        if (await cmd.ExecuteScalarAsync(ct) is not long id) return false;
        foreach (var e in extensions)
        {
            await using var ec = Command(c, tx, """
                INSERT INTO truce_extensions (truce_id, announced_at, previous_end, new_end, source)
                VALUES ($1, $2, $3, $4, $5)
                """, id, OptTime(e, "announcedAt"), OptTime(e, "previousEnd"), OptTime(e, "newEnd"), Opt(e, "source"));
            await ec.ExecuteNonQueryAsync(ct);
        }
        return true;
    }

    private static async Task<bool> InsertIncident(NpgsqlConnection c, NpgsqlTransaction tx, JsonElement f, CancellationToken ct)
    {
        var p = f.GetProperty("properties");
        await using var cmd = Command(c, tx, """
            INSERT INTO incidents (source, external_id, occurred_at, time_precision, geom, geo_precision, event_type,
                                   sub_event_type, actor1, actor2, fatalities, location_name, notes, status, created_by, updated_by)
            VALUES ($1, $2, $3, $4, ST_SetSRID(ST_GeomFromGeoJSON($5), 4326), $6, $7, $8, $9, $10, $11, $12, $13, $14, 'geodata', 'geodata')
            ON CONFLICT (source, external_id) DO NOTHING RETURNING id
            """, Str(p, "source"), Str(p, "externalId"), OptTime(p, "occurredAt"), OptInt(p, "timePrecision") ?? 1,
            f.GetProperty("geometry").GetRawText(), OptInt(p, "geoPrecision") ?? 1, Str(p, "eventType"), Str(p, "subEventType"),
            Opt(p, "actor1"), Opt(p, "actor2"), OptInt(p, "fatalities") ?? 0, Opt(p, "location"), Opt(p, "notes"),
            Opt(p, "status") ?? "reported");
        if (await cmd.ExecuteScalarAsync(ct) is not long id) return false;
        await using var rev = Command(c, tx, """
            INSERT INTO incident_revisions (incident_id, version, action, changed_by, changes, note)
            VALUES ($1, 1, 'create', 'geodata', $2, 'loaded from geodata/incidents.geojson')
            """, id, Json(p));
        await rev.ExecuteNonQueryAsync(ct);
        return true;
    }

    private static async Task<bool> Insert(NpgsqlConnection c, NpgsqlTransaction tx, CancellationToken ct, string sql, params object?[] args)
    {
        await using var cmd = Command(c, tx, sql, args);
        return await cmd.ExecuteScalarAsync(ct) is not null;
    }

    private static NpgsqlCommand Command(NpgsqlConnection c, NpgsqlTransaction tx, string sql, params object?[] args)
    {
        var cmd = new NpgsqlCommand(sql, c, tx);
        foreach (var a in args)
            cmd.Parameters.Add(a switch
            {
                null => new NpgsqlParameter { Value = DBNull.Value },
                JsonbText j => new NpgsqlParameter { Value = j.Text, NpgsqlDbType = NpgsqlDbType.Jsonb },
                NpgsqlRange<DateTime> r => new NpgsqlParameter { Value = r, NpgsqlDbType = NpgsqlDbType.TimestampTzRange },
                _ => new NpgsqlParameter { Value = a },
            });
        return cmd;
    }

    private sealed record JsonbText(string Text);

    private static string Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()!
        : throw new InvalidDataException($"geodata: '{name}' is missing in {Trim(e)}");

    private static string? Opt(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static int? OptInt(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : null;

    private static bool Bool(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;

    private static DateTime? OptTime(JsonElement e, string name) =>
        Opt(e, name) is { } s ? DateTimeOffset.Parse(s, System.Globalization.CultureInfo.InvariantCulture).UtcDateTime : null;

    // Sources may be a string or a list; the database keeps one text.
    private static string Source(JsonElement e) =>
        e.TryGetProperty("source", out var v) && v.ValueKind == JsonValueKind.Array
            ? string.Join("; ", v.EnumerateArray().Select(x => x.ToString()))
            : Str(e, "source");

    private static JsonbText Json(JsonElement e) => new(e.GetRawText());

    private static NpgsqlRange<DateTime> Range(DateTime? from, DateTime? to) =>
        new(from ?? UtcZero, true, from is null, to ?? UtcZero, false, to is null);

    private static readonly DateTime UtcZero = DateTime.SpecifyKind(default, DateTimeKind.Utc);

    private static string Trim(JsonElement e)
    {
        var s = e.GetRawText();
        return s.Length > 120 ? s[..120] + "…" : s;
    }
}
