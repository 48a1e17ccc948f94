using GeoMonitor.Api.Features.Layers;
using GeoMonitor.Api.Features.Truces;
using System.Text;
using Npgsql;
using NpgsqlTypes;

namespace GeoMonitor.Api.Features.Incidents.Query;

/// <summary>
/// Turns an <see cref="IncidentFilter"/> into parameterized SQL over <c>incidents</c> (alias <c>i</c>).
/// <para>
/// The parts compose: <see cref="Ctes"/> are the query shapes (zone, truce window, buffered line, corridor, ad-hoc
/// area), computed once per statement, never per row; <see cref="Where"/> is a boolean expression over <c>i</c> that
/// another SELECT (a count, a tile, a stats query) can wrap; <see cref="SelectPage"/> adds the keyset page.
/// Parameter names start with <c>gm_</c> so a wrapping query can add its own.
/// </para>
/// <para>
/// Every spatial predicate is index-friendly: ST_Intersects against a geometry computed once (the planner turns it
/// into a GiST lookup), and geodesic distances are checked with ST_DWithin on geography only for the rows the
/// index let through (a buffer in UTM 36N with a margin, or a degree box that surely contains the circle).
/// </para>
/// </summary>
public sealed class IncidentSql
{
    /// <summary>The table alias the fragments use.</summary>
    public const string Alias = "i";

    private readonly List<string> _ctes = [];
    private readonly List<string> _where = [];
    private readonly List<NpgsqlParameter> _parameters = [];

    private IncidentSql(IncidentFilter filter, IncidentPlan plan)
    {
        Filter = filter;
        Plan = plan;
    }

    /// <summary>The access-path hint this was built with.</summary>
    public IncidentPlan Plan { get; }

    /// <summary>The filter this was built from.</summary>
    public IncidentFilter Filter { get; }

    /// <summary>Common table expressions (comma-separated, without WITH); empty when none are needed.</summary>
    public string Ctes => string.Join(",\n", _ctes);

    /// <summary>"WITH ... " or empty: to put in front of a statement that uses <see cref="Where"/>.</summary>
    public string WithClause => _ctes.Count == 0 ? "" : "WITH " + Ctes + "\n";

    /// <summary>The filter as one boolean expression over <c>i</c> ("TRUE" when nothing filters).</summary>
    public string Where => _where.Count == 0 ? "TRUE" : string.Join("\n  AND ", _where);

    /// <summary>The parameters used by <see cref="Ctes"/> and <see cref="Where"/> (and the page, if selected).</summary>
    public IReadOnlyList<NpgsqlParameter> Parameters => _parameters;

    /// <summary>Builds the fragments for <paramref name="filter"/> (see <see cref="IncidentPlan"/> for <paramref name="plan"/>).</summary>
    public static IncidentSql Build(IncidentFilter filter, IncidentPlan? plan = null)
    {
        var q = new IncidentSql(filter, plan ?? IncidentPlan.For(filter));
        q.AddFilters(filter);
        return q;
    }

    /// <summary>
    /// The whole statement for a page: <paramref name="columns"/> of the matches in (occurred_at, id) order after
    /// the cursor, at most limit + 1 rows (the extra row tells whether a next page exists).
    /// </summary>
    public string SelectPage(string columns)
    {
        var page = Filter.Page;
        var desc = page.Order == IncidentOrder.Descending;
        var where = Where;
        if (page.After is { } after)
        {
            where += $"\n  AND ({Alias}.occurred_at, {Alias}.id) {(desc ? "<" : ">")} (@gm_after_t, @gm_after_id)";
            AddOnce("gm_after_t", after.OccurredAt, NpgsqlDbType.TimestampTz);
            AddOnce("gm_after_id", after.Id, NpgsqlDbType.Bigint);
        }
        var dir = desc ? "DESC" : "ASC";
        var sb = new StringBuilder()
            .Append(WithClause)
            .Append("SELECT ").Append(columns).Append("\nFROM incidents ").Append(Alias)
            .Append("\nWHERE ").Append(where)
            .Append($"\nORDER BY {Alias}.occurred_at {dir}, {Alias}.id {dir}");
        if (page.Limit is { } limit)
        {
            sb.Append("\nLIMIT @gm_limit");
            AddOnce("gm_limit", limit + 1, NpgsqlDbType.Integer);
        }
        return sb.ToString();
    }

    /// <summary>Creates a command on <paramref name="conn"/> with <paramref name="sql"/> and these parameters (copied).</summary>
    public NpgsqlCommand Command(NpgsqlConnection conn, string sql)
    {
        var cmd = new NpgsqlCommand(sql, conn);
        foreach (var p in _parameters) cmd.Parameters.Add(p.Clone());
        return cmd;
    }

    /// <summary>The same on a data source.</summary>
    public NpgsqlCommand Command(NpgsqlDataSource db, string sql)
    {
        var cmd = db.CreateCommand(sql);
        foreach (var p in _parameters) cmd.Parameters.Add(p.Clone());
        return cmd;
    }

    private void AddFilters(IncidentFilter f)
    {
        const string i = Alias;
        // The layers as recorded at f.AsOf (NULL: as they are), and the party whose positions a line takes (issue 15).
        var asOf = f.AsOf is null ? LayerJoins.Now : "@gm_as_of::timestamptz";
        var claim = f.Claim is null ? "NULL::text" : "@gm_claim::text";
        if (f.Ids is { } ids)
        {
            _where.Add($"{i}.id = ANY (@gm_ids)");
            Add("gm_ids", ids.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Bigint);
        }
        if (f.Zone is { } zone)
        {
            _ctes.Add($"gm_zone AS MATERIALIZED ({LayerJoins.ZoneGeometry("gm_zone", asOf)})");
            _where.Add(Spatial($"ST_Intersects({i}.geom, (SELECT geom FROM gm_zone))"));
            Add("gm_zone", zone, NpgsqlDbType.Text);
        }
        if (f.AnyZone is { } anyZone)
        {
            // One union for all of them, so each row is tested once against one (indexed) shape.
            _ctes.Add($"gm_any_zone AS MATERIALIZED ({LayerJoins.ZonesUnion("gm_any_zone", asOf)})");
            _where.Add(Spatial($"ST_Intersects({i}.geom, (SELECT geom FROM gm_any_zone))"));
            Add("gm_any_zone", anyZone.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
        }
        if (f.Truce is { } truce)
        {
            _ctes.Add($"gm_truce AS MATERIALIZED ({TruceSql.WindowBySlug("gm_truce", asOf)})");
            // The bounds let the btree on occurred_at do the work; the range test decides the edges exactly.
            _where.Add($"{i}.occurred_at >= (SELECT t0 FROM gm_truce) AND {i}.occurred_at <= (SELECT t1 FROM gm_truce)"
                       + $" AND (SELECT during FROM gm_truce) @> {i}.occurred_at");
            Add("gm_truce", truce, NpgsqlDbType.Text);
        }
        if (f.From is { } from)
        {
            _where.Add($"{i}.occurred_at >= @gm_from");
            Add("gm_from", from.UtcDateTime, NpgsqlDbType.TimestampTz);
        }
        if (f.To is { } to)
        {
            _where.Add($"{i}.occurred_at < @gm_to");
            Add("gm_to", to.UtcDateTime, NpgsqlDbType.TimestampTz);
        }
        if (f.Bbox is { } b)
        {
            _where.Add(Spatial($"ST_Intersects({i}.geom, ST_MakeEnvelope(@gm_bbox_x0, @gm_bbox_y0, @gm_bbox_x1, @gm_bbox_y1, 4326))"));
            Add("gm_bbox_x0", b.MinLon, NpgsqlDbType.Double);
            Add("gm_bbox_y0", b.MinLat, NpgsqlDbType.Double);
            Add("gm_bbox_x1", b.MaxLon, NpgsqlDbType.Double);
            Add("gm_bbox_y1", b.MaxLat, NpgsqlDbType.Double);
        }
        if (f.Within is { } area)
        {
            var shape = area.Area.SRID == 4326 ? "@gm_within" : "ST_Transform(@gm_within, 4326)";
            _ctes.Add($"gm_within AS MATERIALIZED (SELECT {shape} AS geom)");
            _where.Add(Spatial($"ST_Intersects({i}.geom, (SELECT geom FROM gm_within))"));
            Add("gm_within", area.Area, NpgsqlDbType.Geometry);
        }
        if (f.Near is { } near)
        {
            var (x0, y0, x1, y1) = DegreeBox(near.Lon, near.Lat, near.RadiusM);
            _ctes.Add("gm_near AS MATERIALIZED (SELECT ST_SetSRID(ST_MakePoint(@gm_near_lon, @gm_near_lat), 4326)::geography AS geog)");
            _where.Add(Spatial($"{i}.geom && ST_MakeEnvelope(@gm_near_x0, @gm_near_y0, @gm_near_x1, @gm_near_y1, 4326)")
                       + $" AND ST_DWithin({i}.geom::geography, (SELECT geog FROM gm_near), @gm_near_m)");
            Add("gm_near_lon", near.Lon, NpgsqlDbType.Double);
            Add("gm_near_lat", near.Lat, NpgsqlDbType.Double);
            Add("gm_near_m", near.RadiusM, NpgsqlDbType.Double);
            Add("gm_near_x0", x0, NpgsqlDbType.Double);
            Add("gm_near_y0", y0, NpgsqlDbType.Double);
            Add("gm_near_x1", x1, NpgsqlDbType.Double);
            Add("gm_near_y1", y1, NpgsqlDbType.Double);
        }
        if (f.Line is { } line && f.LineDistanceM is { } metres)
        {
            // The buffer (UTM 36N, margin for projection scale and arc chords) only narrows the candidates through the
            // index; the geodesic ST_DWithin then decides exactly, so the answer is true metres on the spheroid.
            _ctes.Add($"gm_line AS MATERIALIZED ({LayerJoins.LineBand("gm_line", "gm_line_m", asOf, claim)})");
            _where.Add(Spatial($"ST_Intersects({i}.geom, (SELECT candidates FROM gm_line))")
                       + $" AND ST_DWithin({i}.geom::geography, (SELECT geog FROM gm_line), @gm_line_m)");
            Add("gm_line", line, NpgsqlDbType.Text);
            Add("gm_line_m", metres, NpgsqlDbType.Double);
        }
        if (f.Side is { } side && f.AsOf is null && f.Claim is null)
        {
            _where.Add($"{i}.blue_line_side = @gm_side");
            Add("gm_side", side == LineSide.North ? "north" : "south", NpgsqlDbType.Text);
        }
        else if (f.Side is { } otherSide)
        {
            // The stored side is the current line's: another version of the line is asked the enrichment's own question
            // (on the line within 0.5 m, else in the half of the plane on that side).
            _ctes.Add($"gm_side_line AS MATERIALIZED ({LayerJoins.BlueLineAt(asOf, claim)})");
            var half = otherSide == LineSide.North ? "north_side" : "south_side";
            _where.Add(Spatial($"ST_Intersects({i}.geom, (SELECT {half} FROM gm_side_line))")
                       + $" AND NOT ST_DWithin({i}.geom::geography, (SELECT geog FROM gm_side_line), 0.5)");
        }
        if (f.Corridor is { } corridor)
        {
            _ctes.Add($"gm_corridor AS MATERIALIZED ({LayerJoins.Corridor("gm_corridor", asOf)})");
            _where.Add(Spatial($"ST_Intersects({i}.geom, (SELECT geom FROM gm_corridor))"));
            Add("gm_corridor", corridor, NpgsqlDbType.Text);
            if (f.CorridorOpen is { } open)
                _where.Add((open ? "" : "NOT ") + LayerJoins.OpenAt("(SELECT open FROM gm_corridor)", $"{i}.occurred_at"));
        }
        if (f.UpdatedSince is { } since)
        {
            _where.Add($"{i}.updated_at >= @gm_updated_since");
            Add("gm_updated_since", since.UtcDateTime, NpgsqlDbType.TimestampTz);
        }
        // ---- pre-notifications (Features/Notifications) ----
        if (f.PreNotified is { } notified) _where.Add((notified ? "" : "NOT ") + PreNotifiedExists(i));
        AnyOf(f.EventTypes, "event_type", "gm_event_types");
        AnyOf(f.SubEventTypes, "sub_event_type", "gm_sub_event_types");
        // Most incidents are published: an index on status only helps for the other statuses (the queue).
        AnyOf(f.Statuses, "status", "gm_statuses", indexable: f.Statuses?.Contains("published_verified") != true);
        AnyOf(f.Sources, "source", "gm_sources");
        if (f.Predicate is { } predicate)
        {
            _where.Add("(" + (Plan.TimeFirst && predicate.TimeFirstSql is { } timeFirst ? timeFirst : predicate.Sql) + ")");
            foreach (var p in predicate.Parameters) _parameters.Add(p.Clone());
        }
        if (f.Audience is { } audience) AddAudience(audience);
        // Bound only when a layer clause above reads them.
        if (f.AsOf is { } at && Uses("@gm_as_of")) Add("gm_as_of", at.UtcDateTime, NpgsqlDbType.TimestampTz);
        if (f.Claim is { } party && Uses("@gm_claim")) Add("gm_claim", party, NpgsqlDbType.Text);
    }

    private bool Uses(string parameter) => _ctes.Concat(_where).Any(x => x.Contains(parameter, StringComparison.Ordinal));

    // The publication hold, as one clause (IncidentVisibility decides who gets which audience): published incidents, and
    // for a keyed reader also those its organisation reported or whose assigned team is its own.
    private void AddAudience(IncidentAudience a)
    {
        const string i = Alias;
        Add("gm_public", a.PublicStatuses.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
        if (a.Organisation is null)
        {
            _where.Add(NotIndexed($"{i}.status = ANY (@gm_public)"));
            return;
        }
        // Most rows pass (published ones are most incidents): a filter over the rows the other clauses found, never an
        // access path of its own.
        _where.Add(NotIndexed($"{i}.status = ANY (@gm_public) OR {i}.reporter_organisation = @gm_viewer_org"
                              + $" OR {i}.assigned_team IN (SELECT t.slug FROM observer_teams t WHERE t.organisation = @gm_viewer_org)"));
        Add("gm_viewer_org", a.Organisation, NpgsqlDbType.Text);
    }

    /// <summary>
    /// Whether a notification covers incident <paramref name="incident"/>: the one rule of "pre-notified" (docs/
    /// truce-mechanisms.md), used by the filter, the truce report and the notifications of an incident.
    /// </summary>
    public static string PreNotifiedExists(string incident) =>
        $"EXISTS (SELECT 1 FROM notifications n, notification_settings s WHERE {PreNotifiedMatch(incident, "n", "s")})";

    /// <summary>
    /// The conditions under which notification <paramref name="n"/> covers incident <paramref name="i"/>, with the settings
    /// row <paramref name="s"/>: not withdrawn; its (geom, during) GiST finds the candidates in a degree box that surely
    /// holds the distance (see <see cref="DegreeBox"/>) and in the window widened by the tolerance; the geodesic
    /// ST_DWithin on the spheroid decides.
    /// </summary>
    public static string PreNotifiedMatch(string i, string n, string s) => $"""
        {n}.status <> 'withdrawn'
          AND {n}.geom && ST_Expand({i}.geom,
                {s}.match_distance_m * 1.1 / (111319.0 * cos(radians(least(89.0, abs(ST_Y({i}.geom)) + {s}.match_distance_m / 110574.0)))),
                {s}.match_distance_m * 1.1 / 110574.0)
          AND {n}.during && tstzrange({i}.occurred_at - {s}.match_tolerance, {i}.occurred_at + {s}.match_tolerance, '[]')
          AND ST_DWithin({n}.geom::geography, {i}.geom::geography, {s}.match_distance_m)
        """;

    private void AnyOf(IReadOnlyList<string>? values, string column, string name, bool indexable = true)
    {
        if (values is null) return;
        var predicate = $"{Alias}.{column} = ANY (@{name})";
        _where.Add(indexable ? predicate : NotIndexed(predicate));
        Add(name, values.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
    }

    private string Spatial(string predicate) => Plan.TimeFirst ? NotIndexed(predicate) : predicate;

    // A predicate inside IS TRUE is not an index qual (nor a PostGIS index-support candidate): it filters rows found
    // through other indexes instead of driving the scan. Same truth value for the non-null operands used here.
    private static string NotIndexed(string predicate) => $"({predicate}) IS TRUE";

    private void AddOnce(string name, object value, NpgsqlDbType type)
    {
        if (!_parameters.Exists(p => p.ParameterName == name)) Add(name, value, type);
    }

    private void Add(string name, object value, NpgsqlDbType type) =>
        _parameters.Add(new NpgsqlParameter(name, type) { Value = value });

    /// <summary>
    /// A lon/lat box that surely contains every point within <paramref name="metres"/> of (lon, lat): a degree of
    /// latitude is at least 110,574 m, a degree of longitude at least 111,319 m × cos(latitude) along the parallel; the
    /// 10 % margin covers geodesics that bow poleward of the parallel. Near a pole the box spans all longitudes.
    /// </summary>
    public static (double X0, double Y0, double X1, double Y1) DegreeBox(double lon, double lat, double metres)
    {
        var dLat = metres / 110_574.0 * 1.1;
        var y0 = Math.Max(-90, lat - dLat);
        var y1 = Math.Min(90, lat + dLat);
        var worst = Math.Max(Math.Abs(y0), Math.Abs(y1));
        if (worst >= 85) return (-180, y0, 180, y1);
        var dLon = metres / (111_319.0 * Math.Cos(worst * Math.PI / 180)) * 1.1;
        if (dLon >= 180) return (-180, y0, 180, y1);
        // The box does not wrap the antimeridian: the monitored region is far from it, and a wider box only costs speed.
        return (Math.Max(-180, lon - dLon), y0, Math.Min(180, lon + dLon), y1);
    }
}
