using System.Text.Json;
using GeoMonitor.Api.Features.Common;
using GeoMonitor.Api.Features.Layers;
using Npgsql;
using NpgsqlTypes;
using static GeoMonitor.Api.Features.Common.SqlArgs;

namespace GeoMonitor.Api.Features.Benchmarks;

/// <summary>A zone by slug and name.</summary>
public sealed record ZoneRef(string Slug, string Name);

/// <summary>The truce extension a benchmark is linked to.</summary>
/// <param name="NewEnd">The end it moved the truce to.</param>
/// <param name="AnnouncedAt">When it was announced.</param>
public sealed record ExtensionRef(DateTime NewEnd, DateTime? AnnouncedAt);

/// <summary>One dated status change, as stored.</summary>
public sealed record BenchmarkEvent(DateTime At, string Status, BenchmarkEvidence Evidence, string Source, string? Note, bool Illustrative,
    string? RecordedBy, DateTime RecordedAt);

/// <summary>A benchmark as of an instant: its terms, its state then, and the events dated up to then.</summary>
/// <param name="Slug">Its slug.</param>
/// <param name="Name">What it is.</param>
/// <param name="Zone">The zone it is about.</param>
/// <param name="RequiredState">The state the zone must reach.</param>
/// <param name="Party">The organisation bound by it.</param>
/// <param name="Forbids">The notification kinds the party may not file in the zone from the due date on.</param>
/// <param name="DueAt">The due date.</param>
/// <param name="Truce">The truce that depends on it.</param>
/// <param name="Extension">The truce's extension that depends on it.</param>
/// <param name="AsOf">The instant the state is for.</param>
/// <param name="State">met, overdue or pending as of <paramref name="AsOf"/>.</param>
/// <param name="ReportedStatus">The status of the last event dated up to <paramref name="AsOf"/> (pending without one).</param>
/// <param name="StatusSince">That event's date.</param>
/// <param name="Events">The events dated up to <paramref name="AsOf"/>, oldest first.</param>
/// <param name="Source">Where it comes from.</param>
/// <param name="Notes">Notes.</param>
/// <param name="Illustrative">True when it is not sourced.</param>
/// <param name="UpdatedAt">The last change of its terms.</param>
public sealed record BenchmarkRecord(string Slug, string Name, ZoneRef Zone, string RequiredState, string? Party, string[] Forbids, DateTime DueAt,
    string? Truce, ExtensionRef? Extension, DateTime AsOf, string State, string ReportedStatus, DateTime? StatusSince,
    IReadOnlyList<BenchmarkEvent> Events, string Source, string? Notes, bool Illustrative, DateTime UpdatedAt);

/// <summary>Which benchmarks, and as of when: "as of a date" is a filter member, not another query.</summary>
public sealed record BenchmarkFilter
{
    /// <summary>One benchmark.</summary>
    public string? Slug { get; init; }

    /// <summary>Those a truce depends on.</summary>
    public string? Truce { get; init; }

    /// <summary>Those about a zone.</summary>
    public string? Zone { get; init; }

    /// <summary>The instant the state is for (events dated after it do not count).</summary>
    public DateTime AsOf { get; init; }
}

/// <summary>The SQL of benchmarks: their terms, their dated events, and the state as of an instant (gm_benchmark_as_of, V041).</summary>
public sealed class BenchmarkStore(NpgsqlDataSource db)
{
    /// <summary>The benchmarks matching @slug, @truce and @zone, as of @as_of, by due date.</summary>
    public static readonly string Sql = $"""
        SELECT b.slug, b.name, z.slug, z.name, b.required_state, b.party, b.forbids, b.due_at, t.slug, e.new_end, e.announced_at,
               s.state, s.status, s.since,
               COALESCE((SELECT json_agg(json_build_object('at', {LayerSql.Utc("x.at")}, 'status', x.status,
                                   'evidence', json_build_object('incidents', COALESCE(x.evidence->'incidents', '[]'), 'findings', COALESCE(x.evidence->'findings', '[]'),
                                                                 'links', COALESCE(x.evidence->'links', '[]')),
                                   'source', x.source, 'note', x.note, 'illustrative', x.illustrative, 'recordedBy', x.recorded_by,
                                   'recordedAt', {LayerSql.Utc("x.recorded_at")}) ORDER BY x.at, x.id)
                         FROM benchmark_events x WHERE x.benchmark_id = b.id AND x.at <= @as_of), '[]')::text,
               b.source, b.notes, b.illustrative, b.updated_at
        FROM benchmarks b
        JOIN zones z ON z.id = b.zone_id
        LEFT JOIN truces t ON t.id = b.truce_id
        LEFT JOIN truce_extensions e ON e.id = b.extension_id
        CROSS JOIN LATERAL gm_benchmark_as_of(b.id, b.due_at, @as_of) s
        WHERE (@slug::text IS NULL OR b.slug = @slug) AND (@truce::text IS NULL OR t.slug = @truce) AND (@zone::text IS NULL OR z.slug = @zone)
        ORDER BY b.due_at, b.slug
        """;

    /// <summary>The benchmarks matching <paramref name="f"/>.</summary>
    public async Task<IReadOnlyList<BenchmarkRecord>> ListAsync(BenchmarkFilter f, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await ReadAsync(conn, null, f, ct);
    }

    /// <summary>Which of the slugs a benchmark names do not exist, as field errors (zone, party, truce, extension).</summary>
    public static async Task<List<FieldError>> MissingAsync(NpgsqlConnection conn, NpgsqlTransaction tx, BenchmarkInput b, CancellationToken ct)
    {
        await using var cmd = Command(conn, tx, """
            SELECT EXISTS (SELECT 1 FROM zones WHERE slug = $1),
                   $2::text IS NULL OR EXISTS (SELECT 1 FROM organisations WHERE slug = $2),
                   $3::text IS NULL OR EXISTS (SELECT 1 FROM truces WHERE slug = $3),
                   $4::timestamptz IS NULL OR EXISTS (SELECT 1 FROM truce_extensions e JOIN truces t ON t.id = e.truce_id WHERE t.slug = $3 AND e.new_end = $4)
            """, b.Zone, b.Party, b.Truce, b.Extension);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        var errors = new List<FieldError>();
        if (!r.GetBoolean(0)) errors.Add(new FieldError(null, "zone", $"there is no zone '{b.Zone}'"));
        if (!r.GetBoolean(1)) errors.Add(new FieldError(null, "party", $"there is no organisation '{b.Party}'"));
        if (!r.GetBoolean(2)) errors.Add(new FieldError(null, "truce", $"there is no truce '{b.Truce}'"));
        else if (!r.GetBoolean(3))
            errors.Add(new FieldError(null, "extension", $"truce '{b.Truce}' has no extension to {b.Extension:yyyy-MM-dd'T'HH:mm:ss'Z'} (see its extensions' newEnd)"));
        return errors;
    }

    /// <summary>Inserts or replaces benchmark <paramref name="slug"/> (its events stay); true when it is new.</summary>
    public static async Task<bool> PutAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string slug, BenchmarkInput b, CancellationToken ct)
    {
        await using var cmd = Command(conn, tx, """
            INSERT INTO benchmarks (slug, name, zone_id, required_state, party, forbids, due_at, truce_id, extension_id, source, notes, illustrative)
            SELECT $1, $2, z.id, $4, $5, $6, $7, t.id,
                   (SELECT e.id FROM truce_extensions e WHERE e.truce_id = t.id AND e.new_end = $9 ORDER BY e.id DESC LIMIT 1), $10, $11, $12
            FROM zones z LEFT JOIN truces t ON t.slug = $8 WHERE z.slug = $3
            ON CONFLICT (slug) DO UPDATE SET name = EXCLUDED.name, zone_id = EXCLUDED.zone_id, required_state = EXCLUDED.required_state,
              party = EXCLUDED.party, forbids = EXCLUDED.forbids, due_at = EXCLUDED.due_at, truce_id = EXCLUDED.truce_id,
              extension_id = EXCLUDED.extension_id, source = EXCLUDED.source, notes = EXCLUDED.notes, illustrative = EXCLUDED.illustrative,
              updated_at = now()
            RETURNING xmax = 0
            """, slug, b.Name, b.Zone, b.RequiredState, b.Party, b.Forbids, b.DueAt, b.Truce, b.Extension, b.Source, b.Notes, b.Illustrative);
        return (bool)(await cmd.ExecuteScalarAsync(ct))!;
    }

    /// <summary>The incident ids of <paramref name="ids"/> that do not exist.</summary>
    public static async Task<IReadOnlyList<long>> MissingIncidentsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long[] ids, CancellationToken ct)
    {
        await using var cmd = Command(conn, tx, "SELECT x FROM unnest($1::bigint[]) x WHERE NOT EXISTS (SELECT 1 FROM incidents i WHERE i.id = x)", ids);
        var missing = new List<long>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) missing.Add(r.GetInt64(0));
        return missing;
    }

    /// <summary>Appends an event to benchmark <paramref name="slug"/>; false when there is no such benchmark.</summary>
    public static async Task<bool> AddEventAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string slug, BenchmarkEventInput e, string? by, CancellationToken ct) =>
        await ExecAsync(conn, tx, ct, """
            INSERT INTO benchmark_events (benchmark_id, at, status, evidence, source, note, illustrative, recorded_by)
            SELECT id, $2, $3, $4, $5, $6, $7, $8 FROM benchmarks WHERE slug = $1
            """, slug, e.At, e.Status, Jsonb(JsonSerializer.Serialize(e.Evidence, JsonSerializerOptions.Web)), e.Source, e.Note, e.Illustrative, by) == 1;

    /// <summary>Deletes benchmark <paramref name="slug"/> and its events; false when absent.</summary>
    public static async Task<bool> DeleteAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string slug, CancellationToken ct) =>
        await ExecAsync(conn, tx, ct, "DELETE FROM benchmarks WHERE slug = $1", slug) == 1;

    /// <summary>Opens a write transaction.</summary>
    public async Task<(NpgsqlConnection Conn, NpgsqlTransaction Tx)> BeginAsync(CancellationToken ct)
    {
        var conn = await db.OpenConnectionAsync(ct);
        return (conn, await conn.BeginTransactionAsync(ct));
    }

    /// <summary>The benchmarks of <paramref name="f"/> on <paramref name="conn"/>.</summary>
    public static async Task<IReadOnlyList<BenchmarkRecord>> ReadAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, BenchmarkFilter f, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(Sql, conn, tx);
        cmd.Parameters.Add(new NpgsqlParameter("as_of", NpgsqlDbType.TimestampTz) { Value = f.AsOf });
        cmd.Parameters.Add(new NpgsqlParameter("slug", NpgsqlDbType.Text) { Value = (object?)f.Slug ?? DBNull.Value });
        cmd.Parameters.Add(new NpgsqlParameter("truce", NpgsqlDbType.Text) { Value = (object?)f.Truce ?? DBNull.Value });
        cmd.Parameters.Add(new NpgsqlParameter("zone", NpgsqlDbType.Text) { Value = (object?)f.Zone ?? DBNull.Value });
        var list = new List<BenchmarkRecord>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            list.Add(new BenchmarkRecord(r.GetString(0), r.GetString(1), new ZoneRef(r.GetString(2), r.GetString(3)), r.GetString(4), Text(r, 5),
                r.GetFieldValue<string[]>(6), Time(r, 7)!.Value, Text(r, 8), r.IsDBNull(9) ? null : new ExtensionRef(Time(r, 9)!.Value, Time(r, 10)),
                DateTime.SpecifyKind(f.AsOf, DateTimeKind.Utc), r.GetString(11), r.GetString(12), Time(r, 13),
                JsonSerializer.Deserialize<List<BenchmarkEvent>>(r.GetString(14), JsonSerializerOptions.Web) ?? [],
                r.GetString(15), Text(r, 16), r.GetBoolean(17), Time(r, 18)!.Value));
        return list;
    }
}
