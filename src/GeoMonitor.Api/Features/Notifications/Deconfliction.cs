using System.Globalization;
using System.Text.Json;
using NetTopologySuite.Geometries;
using Npgsql;
using NpgsqlTypes;

namespace GeoMonitor.Api.Features.Notifications;

/// <summary>What a notification would occupy, as the deconfliction check takes it.</summary>
/// <param name="Organisation">The notifying party.</param>
/// <param name="Kind">The kind of movement.</param>
/// <param name="Route">A route, SRID 4326 (with <paramref name="WidthM"/>), or null.</param>
/// <param name="WidthM">The route's width in metres.</param>
/// <param name="Area">An area, SRID 4326, or null.</param>
/// <param name="Start">The window's start.</param>
/// <param name="End">The window's end (exclusive).</param>
/// <param name="Except">A stored notification not to compare with (itself, when re-checking it).</param>
public sealed record Candidate(string Organisation, string Kind, Geometry? Route, double? WidthM, Geometry? Area, DateTime Start, DateTime End, long? Except = null)
{
    /// <summary>The candidate of a read and checked body.</summary>
    public static Candidate Of(NotificationInput n, string organisation) =>
        new(organisation, n.Kind, n.Route, n.WidthM, n.Area, n.Start, n.End);
}

/// <summary>One conflict: what kind, with what (slug or id), where and when the two overlap, and a sentence saying it.</summary>
/// <param name="Kind">corridor, notification, benchmark or truce.</param>
/// <param name="Slug">The corridor's, benchmark's or truce's slug.</param>
/// <param name="Id">The other notification's id.</param>
/// <param name="Name">The other object's name.</param>
/// <param name="Organisation">The other notification's party (for a benchmark, the party it binds).</param>
/// <param name="Zone">The benchmark's zone.</param>
/// <param name="Where">Where they meet.</param>
/// <param name="When">When they overlap.</param>
/// <param name="Detail">The conflict in one sentence.</param>
public sealed record Conflict(string Kind, string? Slug, long? Id, string? Name, string? Organisation, string? Zone, ConflictPlace Where, ConflictTime When, string Detail);

/// <summary>
/// Where a conflict is: the intersection of the two areas when they meet (its area in m²), otherwise the shortest line
/// between them (its length = the distance); its bounding box [minLon, minLat, maxLon, maxLat]; the geometry (GeoJSON).
/// </summary>
/// <param name="DistanceM">Geodesic distance between the two (0 when they meet).</param>
/// <param name="AreaM2">The intersection's area in square metres (null when they do not meet).</param>
/// <param name="LengthM">The shortest line's length in metres (null when they meet).</param>
/// <param name="Bbox">The bounding box of <paramref name="Geometry"/>.</param>
/// <param name="Geometry">The intersection, or the shortest line.</param>
public sealed record ConflictPlace(double DistanceM, double? AreaM2, double? LengthM, double[] Bbox, JsonElement Geometry);

/// <summary>The overlap of the two windows, [From, To) (To null: open-ended on the other side, e.g. a benchmark).</summary>
public sealed record ConflictTime(DateTime From, DateTime? To);

/// <summary>
/// The deconfliction check (docs/truce-mechanisms.md): one statement that finds, for a notification's area and window,
/// every (1) humanitarian corridor open in the window whose area the notification crosses or comes within the configured
/// distance of (military kinds only: a convoy on a corridor is its purpose); (2) notification of another party,
/// not withdrawn, overlapping it in space and time (any kinds); (3) benchmarked zone whose benchmark binds the notifying
/// party and forbids this kind of movement from its due date on, entered at or after that date; (4) truce in force whose
/// scope (its zones, or the whole region) covers it (military kinds). The other notifications are found through the
/// (geom, during) GiST of V040; corridors, benchmarks and truces are few.
/// </summary>
public sealed class Deconfliction(NpgsqlDataSource db)
{
    /// <summary>The kinds a truce protects rather than forbids: they conflict only with other notifications.</summary>
    public static readonly string[] CivilKinds = ["convoy", "humanitarian_movement"];

    /// <summary>The statement (parameters @org, @kind, @military, @route, @width, @area, @start, @end, @except).</summary>
    public const string Sql = """
        WITH cand AS MATERIALIZED (
          SELECT g AS geom, g::geography AS geog, tstzrange(@start, @end, '[)') AS during
          FROM (SELECT CASE WHEN @route::geometry IS NOT NULL
                            THEN gm_line_buffer(ST_Multi(@route::geometry), @width::float8 / 2.0, 'both')
                            ELSE ST_Multi(@area::geometry) END AS g) s),
        hits AS (
          SELECT 1 AS ord, 'corridor'::text AS kind, c.slug, NULL::bigint AS id, c.name, NULL::text AS organisation, NULL::text AS zone,
                 c.geom AS other, w.during * cand.during AS overlap
          FROM cand, notification_settings st, corridors c JOIN corridor_windows w ON w.corridor_id = c.id
          WHERE @military AND w.during && cand.during AND ST_DWithin(c.geom::geography, cand.geog, st.corridor_distance_m)
          UNION ALL
          SELECT 2, 'notification', NULL, n.id, NULL, n.organisation, NULL, n.geom, n.during * cand.during
          FROM cand, notifications n
          WHERE n.geom && cand.geom AND n.during && cand.during AND n.organisation <> @org AND n.status <> 'withdrawn'
            AND n.id IS DISTINCT FROM @except::bigint AND ST_Intersects(n.geom, cand.geom)
          UNION ALL
          SELECT 3, 'benchmark', b.slug, NULL, b.name, b.party, z.slug, z.geom, tstzrange(b.due_at, NULL, '[)') * cand.during
          FROM cand, benchmarks b JOIN zones z ON z.id = b.zone_id
          WHERE b.party = @org AND @kind = ANY (b.forbids) AND tstzrange(b.due_at, NULL, '[)') && cand.during
            AND ST_Intersects(z.geom, cand.geom)
          UNION ALL
          SELECT 4, 'truce', t.slug, NULL, t.name, NULL, NULL, COALESCE(sc.geom, cand.geom), t.during * cand.during
          FROM cand, truces t
          LEFT JOIN LATERAL (SELECT ST_Union(z.geom) AS geom FROM zones z WHERE z.slug = ANY (t.scope)) sc ON t.scope IS NOT NULL
          WHERE @military AND t.during && cand.during AND (t.scope IS NULL OR ST_Intersects(sc.geom, cand.geom)))
        SELECT h.kind, h.slug, h.id, h.name, h.organisation, h.zone,
               CASE WHEN p.meets THEN 0 ELSE ST_Distance(h.other::geography, cand.geog) END,
               CASE WHEN p.meets THEN ST_Area(ST_CollectionExtract(p.g, 3)::geography) END,
               CASE WHEN p.meets THEN NULL ELSE ST_Length(p.g::geography) END,
               ST_XMin(p.g), ST_YMin(p.g), ST_XMax(p.g), ST_YMax(p.g), ST_AsGeoJSON(p.g, 6, 0),
               lower(h.overlap), upper(h.overlap)
        FROM hits h CROSS JOIN cand
        CROSS JOIN LATERAL (SELECT ST_Intersects(h.other, cand.geom) AS meets) m
        CROSS JOIN LATERAL (SELECT m.meets, CASE WHEN m.meets THEN ST_Intersection(h.other, cand.geom)
                                                 ELSE ST_ShortestLine(h.other, cand.geom) END AS g) p
        ORDER BY h.ord, lower(h.overlap), h.slug, h.id
        """;

    /// <summary>Every conflict of <paramref name="c"/> with what is stored now.</summary>
    public async Task<IReadOnlyList<Conflict>> CheckAsync(Candidate c, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await CheckAsync(conn, null, c, ct);
    }

    /// <summary>The same, on <paramref name="conn"/> (in <paramref name="tx"/>, when filing: the check sees what the write will).</summary>
    public static async Task<IReadOnlyList<Conflict>> CheckAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, Candidate c, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(Sql, conn, tx);
        AddParameters(cmd.Parameters, c);
        var list = new List<Conflict>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var kind = r.GetString(0);
            var slug = r.IsDBNull(1) ? null : r.GetString(1);
            long? id = r.IsDBNull(2) ? null : r.GetInt64(2);
            var name = r.IsDBNull(3) ? null : r.GetString(3);
            var organisation = r.IsDBNull(4) ? null : r.GetString(4);
            var zone = r.IsDBNull(5) ? null : r.GetString(5);
            var where = new ConflictPlace(Round(r.GetDouble(6)), r.IsDBNull(7) ? null : Round(r.GetDouble(7)), r.IsDBNull(8) ? null : Round(r.GetDouble(8)),
                [r.GetDouble(9), r.GetDouble(10), r.GetDouble(11), r.GetDouble(12)], Json(r.GetString(13)));
            var when = new ConflictTime(Utc(r.GetDateTime(14)), r.IsDBNull(15) ? null : Utc(r.GetDateTime(15)));
            list.Add(new Conflict(kind, slug, id, name, organisation, zone, where, when, Describe(kind, slug, id, name, organisation, zone, where, when)));
        }
        return list;
    }

    /// <summary>The statement's parameters for <paramref name="c"/> (also used by the benchmark's raw-SQL baseline).</summary>
    public static void AddParameters(NpgsqlParameterCollection p, Candidate c)
    {
        p.Add(new NpgsqlParameter("org", NpgsqlDbType.Text) { Value = c.Organisation });
        p.Add(new NpgsqlParameter("kind", NpgsqlDbType.Text) { Value = c.Kind });
        p.Add(new NpgsqlParameter("military", NpgsqlDbType.Boolean) { Value = !CivilKinds.Contains(c.Kind) });
        p.Add(new NpgsqlParameter("route", NpgsqlDbType.Geometry) { Value = (object?)c.Route ?? DBNull.Value });
        p.Add(new NpgsqlParameter("width", NpgsqlDbType.Double) { Value = (object?)c.WidthM ?? DBNull.Value });
        p.Add(new NpgsqlParameter("area", NpgsqlDbType.Geometry) { Value = (object?)c.Area ?? DBNull.Value });
        p.Add(new NpgsqlParameter("start", NpgsqlDbType.TimestampTz) { Value = c.Start });
        p.Add(new NpgsqlParameter("end", NpgsqlDbType.TimestampTz) { Value = c.End });
        p.Add(new NpgsqlParameter("except", NpgsqlDbType.Bigint) { Value = (object?)c.Except ?? DBNull.Value });
    }

    private static string Describe(string kind, string? slug, long? id, string? name, string? organisation, string? zone, ConflictPlace where, ConflictTime when)
    {
        var place = where.DistanceM > 0
            ? string.Create(CultureInfo.InvariantCulture, $"comes within {where.DistanceM:0.#} m of")
            : string.Create(CultureInfo.InvariantCulture, $"overlaps ({where.AreaM2:0} m²)");
        var time = $"{Iso(when.From)} – {(when.To is { } to ? Iso(to) : "open-ended")}";
        return kind switch
        {
            "corridor" => $"The notified area {place} humanitarian corridor '{slug}' ({name}), open {time}.",
            "notification" => $"The notified area {place} notification {id} of '{organisation}', both in force {time}.",
            "benchmark" => $"Benchmark '{slug}' ({name}) forbids this movement by '{organisation}' in zone '{zone}' from its due date; the notification {place} the zone {time}.",
            _ => $"Truce '{slug}' ({name}) is in force {time} where the notification is: its scope {place} the notified area.",
        };
    }

    private static string Iso(DateTime t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static DateTime Utc(DateTime t) => DateTime.SpecifyKind(t, DateTimeKind.Utc);

    private static double Round(double v) => Math.Round(v, 1);

    private static JsonElement Json(string text)
    {
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }
}
