using GeoMonitor.Api.Features.Benchmarks;
using GeoMonitor.Api.Features.Common;
using Npgsql;
using NpgsqlTypes;
using static GeoMonitor.Api.Features.Common.SqlArgs;

namespace GeoMonitor.Api.Features.Custody;

/// <summary>A custody record: who holds a zone (or a named site) over [From, To), and on what source.</summary>
/// <param name="Slug">Its slug.</param>
/// <param name="Zone">The zone held, or null for a site named without geometry.</param>
/// <param name="Site">The site's name, or null for a zone.</param>
/// <param name="Force">idf, laf, unifil, international_coalition, none, or organisation.</param>
/// <param name="Organisation">With force organisation: which one.</param>
/// <param name="SupportedBy">Forces present alongside by the same arrangement.</param>
/// <param name="From">Start (inclusive).</param>
/// <param name="To">End (exclusive); null while it lasts.</param>
/// <param name="Source">Where it comes from.</param>
/// <param name="Notes">Notes.</param>
/// <param name="Illustrative">True when it is not sourced.</param>
/// <param name="RecordedBy">The key that recorded it (null when loaded from geodata/).</param>
/// <param name="UpdatedAt">The last change.</param>
public sealed record CustodyRecord(string Slug, ZoneRef? Zone, string? Site, string Force, string? Organisation, string[] SupportedBy, DateTime From,
    DateTime? To, string Source, string? Notes, bool Illustrative, string? RecordedBy, DateTime UpdatedAt);

/// <summary>What a custody write did: the record, and the open-ended records of the same zone it closed (a handover).</summary>
public sealed record CustodyWrite(CustodyRecord Custody, IReadOnlyList<string> Closed);

/// <summary>Which custody records: every member given narrows the list.</summary>
public sealed record CustodyFilter
{
    /// <summary>One record.</summary>
    public string? Slug { get; init; }

    /// <summary>Of this zone.</summary>
    public string? Zone { get; init; }

    /// <summary>Whose zone contains this point (lon, lat); records of sites never do.</summary>
    public (double Lon, double Lat)? Point { get; init; }

    /// <summary>In force at this instant ([from, to) contains it).</summary>
    public DateTime? At { get; init; }

    /// <summary>Held by this force.</summary>
    public string? Force { get; init; }
}

/// <summary>The SQL of custody. One holder per zone at a time is the schema's (V042's exclusion constraint).</summary>
public sealed class CustodyStore(NpgsqlDataSource db)
{
    /// <summary>
    /// The one rule of "who holds this point at this instant": a record of a zone (alias z, custody alias k) that contains
    /// the point (boundary included) whose period [from, to) contains the instant. Used here and by /api/locate.
    /// </summary>
    public static string HoldsAt(string point, string at) => $"ST_Intersects(z.geom, {point}) AND k.during @> {at}";

    /// <summary>Who holds the point <paramref name="point"/> at <paramref name="at"/>: the custody of the zones holding it, as a JSON array.</summary>
    public static string AtJson(string point, string at) => $"""
        COALESCE((SELECT json_agg(json_build_object('slug', k.slug, 'zone', z.slug, 'force', k.force, 'organisation', k.organisation,
                    'supportedBy', k.supported_by, 'from', {Layers.LayerSql.Utc("lower(k.during)")}, 'to', {Layers.LayerSql.Utc("upper(k.during)")},
                    'source', k.source, 'illustrative', k.illustrative) ORDER BY z.slug)
                  FROM custody k JOIN zones z ON z.id = k.zone_id WHERE {HoldsAt(point, at)}), '[]'::json)
        """;

    private const string Columns = """
        k.slug, z.slug, z.name, k.site, k.force, k.organisation, k.supported_by, lower(k.during), upper(k.during), k.source, k.notes,
        k.illustrative, k.recorded_by, k.updated_at
        """;

    /// <summary>The records matching <paramref name="f"/>, by zone (or site) and start.</summary>
    public async Task<IReadOnlyList<CustodyRecord>> ListAsync(CustodyFilter f, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await ReadAsync(conn, null, f, ct);
    }

    /// <summary>Opens a write transaction.</summary>
    public async Task<(NpgsqlConnection Conn, NpgsqlTransaction Tx)> BeginAsync(CancellationToken ct)
    {
        var conn = await db.OpenConnectionAsync(ct);
        return (conn, await conn.BeginTransactionAsync(ct));
    }

    /// <summary>
    /// Locks the holding (the zone's row, or the site's name) so that two handovers of it are decided one after the other,
    /// and returns the field errors for a zone or organisation that does not exist.
    /// </summary>
    public static async Task<List<FieldError>> LockAsync(NpgsqlConnection conn, NpgsqlTransaction tx, CustodyInput c, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        if (c.Zone is not null)
        {
            await using var z = Command(conn, tx, "SELECT id FROM zones WHERE slug = $1 FOR UPDATE", c.Zone);
            if (await z.ExecuteScalarAsync(ct) is null) errors.Add(new FieldError(null, "zone", $"there is no zone '{c.Zone}'"));
        }
        else await ExecAsync(conn, tx, ct, "SELECT pg_advisory_xact_lock(hashtext('gm-custody-site:' || $1))", c.Site);
        if (c.Organisation is not null)
        {
            await using var o = Command(conn, tx, "SELECT 1 FROM organisations WHERE slug = $1", c.Organisation);
            if (await o.ExecuteScalarAsync(ct) is null) errors.Add(new FieldError(null, "organisation", $"there is no organisation '{c.Organisation}'"));
        }
        return errors;
    }

    // The records of the same holding as c, other than slug (the zone's, or the site's).
    private const string SameHolding = """
        k.slug <> $1 AND (($2::text IS NOT NULL AND k.zone_id = (SELECT id FROM zones WHERE slug = $2)) OR ($2::text IS NULL AND k.site = $3))
        """;

    /// <summary>
    /// A handover: when the new record is itself open-ended, the open-ended record of the same holding that began before
    /// <see cref="CustodyInput.From"/> ends there. (A bounded record inside an open-ended one is not a handover: it is
    /// refused as an overlap.) Returns the slugs of the records closed.
    /// </summary>
    public static async Task<IReadOnlyList<string>> CloseOpenEndedAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string slug, CustodyInput c, CancellationToken ct)
    {
        if (c.To is not null) return [];
        await using var cmd = Command(conn, tx, $"""
            UPDATE custody k SET during = tstzrange(lower(k.during), $4, '[)'), updated_at = now()
            WHERE {SameHolding} AND upper_inf(k.during) AND lower(k.during) < $4
            RETURNING k.slug
            """, slug, c.Zone, c.Site, c.From);
        var closed = new List<string>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) closed.Add(r.GetString(0));
        return closed;
    }

    /// <summary>The other records of the same holding whose period overlaps [From, To).</summary>
    public static async Task<IReadOnlyList<CustodyRecord>> OverlapsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string slug, CustodyInput c, CancellationToken ct)
    {
        var overlapping = new List<string>();
        await using (var cmd = Command(conn, tx, $"SELECT k.slug FROM custody k WHERE {SameHolding} AND k.during && $4", slug, c.Zone, c.Site, Range(c.From, c.To)))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct)) overlapping.Add(r.GetString(0));
        var list = new List<CustodyRecord>();
        foreach (var s in overlapping) list.AddRange(await ReadAsync(conn, tx, new CustodyFilter { Slug = s }, ct));
        return list;
    }

    /// <summary>Inserts or replaces record <paramref name="slug"/>.</summary>
    public static async Task PutAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string slug, CustodyInput c, string? by, CancellationToken ct) =>
        await ExecAsync(conn, tx, ct, """
            INSERT INTO custody (slug, zone_id, site, force, organisation, supported_by, during, source, notes, illustrative, recorded_by)
            VALUES ($1, (SELECT id FROM zones WHERE slug = $2), $3, $4, $5, $6, $7, $8, $9, $10, $11)
            ON CONFLICT (slug) DO UPDATE SET zone_id = EXCLUDED.zone_id, site = EXCLUDED.site, force = EXCLUDED.force,
              organisation = EXCLUDED.organisation, supported_by = EXCLUDED.supported_by, during = EXCLUDED.during, source = EXCLUDED.source,
              notes = EXCLUDED.notes, illustrative = EXCLUDED.illustrative, recorded_by = EXCLUDED.recorded_by, updated_at = now()
            """, slug, c.Zone, c.Site, c.Force, c.Organisation, c.SupportedBy, Range(c.From, c.To), c.Source, c.Notes, c.Illustrative, by);

    /// <summary>Deletes record <paramref name="slug"/>; false when absent.</summary>
    public static async Task<bool> DeleteAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string slug, CancellationToken ct) =>
        await ExecAsync(conn, tx, ct, "DELETE FROM custody WHERE slug = $1", slug) == 1;

    /// <summary>The records of <paramref name="f"/> on <paramref name="conn"/>.</summary>
    public static async Task<IReadOnlyList<CustodyRecord>> ReadAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, CustodyFilter f, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand($"""
            SELECT {Columns} FROM custody k LEFT JOIN zones z ON z.id = k.zone_id
            WHERE (@slug::text IS NULL OR k.slug = @slug) AND (@zone::text IS NULL OR z.slug = @zone)
              AND (@force::text IS NULL OR k.force = @force)
              AND (@at::timestamptz IS NULL OR k.during @> @at::timestamptz)
              AND (@lon::float8 IS NULL OR ({HoldsAt("ST_SetSRID(ST_MakePoint(@lon, @lat), 4326)", "@at::timestamptz")}))
            ORDER BY COALESCE(z.slug, k.site), lower(k.during), k.slug
            """, conn, tx);
        cmd.Parameters.Add(new NpgsqlParameter("slug", NpgsqlDbType.Text) { Value = (object?)f.Slug ?? DBNull.Value });
        cmd.Parameters.Add(new NpgsqlParameter("zone", NpgsqlDbType.Text) { Value = (object?)f.Zone ?? DBNull.Value });
        cmd.Parameters.Add(new NpgsqlParameter("at", NpgsqlDbType.TimestampTz) { Value = (object?)f.At ?? DBNull.Value });
        cmd.Parameters.Add(new NpgsqlParameter("force", NpgsqlDbType.Text) { Value = (object?)f.Force ?? DBNull.Value });
        cmd.Parameters.Add(new NpgsqlParameter("lon", NpgsqlDbType.Double) { Value = (object?)f.Point?.Lon ?? DBNull.Value });
        cmd.Parameters.Add(new NpgsqlParameter("lat", NpgsqlDbType.Double) { Value = (object?)f.Point?.Lat ?? DBNull.Value });
        var list = new List<CustodyRecord>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            list.Add(new CustodyRecord(r.GetString(0), r.IsDBNull(1) ? null : new ZoneRef(r.GetString(1), r.GetString(2)), Text(r, 3), r.GetString(4), Text(r, 5),
                r.GetFieldValue<string[]>(6), Time(r, 7)!.Value, Time(r, 8), r.GetString(9), Text(r, 10), r.GetBoolean(11), Text(r, 12), Time(r, 13)!.Value));
        return list;
    }
}
