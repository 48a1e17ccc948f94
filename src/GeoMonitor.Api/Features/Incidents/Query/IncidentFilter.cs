using GeoMonitor.Api.Features.Incidents;
using NetTopologySuite.Geometries;

namespace GeoMonitor.Api.Features.Incidents.Query;

/// <summary>
/// The one description of "which incidents": every read surface (REST, GraphQL, OGC API, tiles) translates
/// its input into this record and hands it to <see cref="IncidentSql"/>, so the same question gets the same
/// rows everywhere. Every non-null member narrows the result (AND). Values are assumed validated by the caller
/// (slugs exist or the query simply matches nothing; numbers in range; <see cref="From"/> ≤ <see cref="To"/>).
/// </summary>
public sealed record IncidentFilter
{
    /// <summary>Only these incident ids.</summary>
    public IReadOnlyList<long>? Ids { get; init; }

    /// <summary>Zone slug: the point intersects the zone polygon, boundary included (validity range not applied).</summary>
    public string? Zone { get; init; }

    /// <summary>Zone slugs: the point intersects at least one of them (used for a truce's scope).</summary>
    public IReadOnlyList<string>? AnyZone { get; init; }

    /// <summary>Truce slug: occurred_at in the truce window in force (after extensions), start inclusive, end exclusive.</summary>
    public string? Truce { get; init; }

    /// <summary>occurred_at ≥ From.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>occurred_at &lt; To.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>The point intersects this lon/lat box (edges included).</summary>
    public BoundingBox? Bbox { get; init; }

    /// <summary>An ad-hoc area (WGS 84): the point intersects it, boundary included.</summary>
    public AreaShape? Within { get; init; }

    /// <summary>Geodesic distance (WGS 84 spheroid) from this point at most <see cref="NearPoint.RadiusM"/> metres.</summary>
    public NearPoint? Near { get; init; }

    /// <summary>Line slug, used with <see cref="LineDistanceM"/>.</summary>
    public string? Line { get; init; }

    /// <summary>Geodesic distance to <see cref="Line"/> at most this many metres (boundary included).</summary>
    public double? LineDistanceM { get; init; }

    /// <summary>Side of the Blue Line (north = Lebanese side): the stored enrichment, or with <see cref="AsOf"/> or <see cref="Claim"/> the side of that version of the line.</summary>
    public LineSide? Side { get; init; }

    /// <summary>Corridor slug: the point intersects the corridor area (route buffered by width/2).</summary>
    public string? Corridor { get; init; }

    /// <summary>With <see cref="Corridor"/>: true = only while one of its windows was open; false = only while none was.</summary>
    public bool? CorridorOpen { get; init; }

    /// <summary>ACLED event types (any of).</summary>
    public IReadOnlyList<string>? EventTypes { get; init; }

    /// <summary>ACLED sub-event types (any of).</summary>
    public IReadOnlyList<string>? SubEventTypes { get; init; }

    /// <summary>Review statuses (any of); the caller decides what its user may see.</summary>
    public IReadOnlyList<string>? Statuses { get; init; }

    /// <summary>Uploading sources (any of).</summary>
    public IReadOnlyList<string>? Sources { get; init; }

    // ---- the record over time (issue 15) ----------------------------------------------------------------------

    /// <summary>
    /// The layers every other member names (zone, zones, truce, line, corridor, the Blue Line of <see cref="Side"/>) as
    /// recorded at this instant, not as they are: "in zone X as it was drawn on date D". The spatial and temporal tests
    /// are made against those versions, never against the stored enrichment.
    /// </summary>
    public DateTimeOffset? AsOf { get; init; }

    /// <summary>A party (israel, lebanon, unifil, an organisation): <see cref="Line"/> and the Blue Line of <see cref="Side"/> with that party's positions for their disputed points.</summary>
    public string? Claim { get; init; }

    /// <summary>updated_at ≥ UpdatedSince: incidents created or changed since then.</summary>
    public DateTimeOffset? UpdatedSince { get; init; }

    /// <summary>
    /// One more condition as parameterized SQL (OGC API CQL2 filters; see <see cref="SqlPredicate"/>). Null for every
    /// other surface: their questions are the members above.
    /// </summary>
    public SqlPredicate? Predicate { get; init; }

    // ---- pre-notifications (Features/Notifications, docs/truce-mechanisms.md) ----

    /// <summary>
    /// true: a notification that is not withdrawn covers the incident — its area within the configured distance
    /// (geodesic) and its window, widened by the configured tolerance, holding occurred_at (notification_settings);
    /// false: none does.
    /// </summary>
    public bool? PreNotified { get; init; }

    /// <summary>
    /// Who reads (the publication hold): only published incidents and those the audience's organisation takes part in.
    /// Null reads everything (reviewers, admins). Set by <see cref="IncidentVisibility"/>, never from input.
    /// </summary>
    public IncidentAudience? Audience { get; init; }

    /// <summary>The page: order, size and position.</summary>
    public IncidentPage Page { get; init; } = new();
}

/// <summary>
/// The readers of a filter that is subject to the publication hold: the public statuses, and the organisation whose
/// incidents in the lifecycle it also sees (as the reporter's organisation or the assigned team's); null for anonymous
/// callers, who see the public statuses only.
/// </summary>
public sealed record IncidentAudience(IReadOnlyList<string> PublicStatuses, string? Organisation);

/// <summary>A lon/lat box in WGS 84 degrees.</summary>
public sealed record BoundingBox(double MinLon, double MinLat, double MaxLon, double MaxLat);

/// <summary>A point and a radius in metres.</summary>
public sealed record NearPoint(double Lon, double Lat, double RadiusM);

/// <summary>
/// An ad-hoc polygon: WGS 84 (SRID 4326), or another SRID that PostGIS transforms to WGS 84 (an OGC bbox in its
/// bbox-crs). It reaches SQL as a <c>geometry</c> parameter (<see cref="Infrastructure.Database.GeoDataSource"/>);
/// the caller validates it (e.g. with GeoMonitor.Geo) before.
/// </summary>
/// <param name="Area">The polygon or multipolygon, with its SRID.</param>
public sealed record AreaShape(Geometry Area);

/// <summary>A side of the Blue Line.</summary>
public enum LineSide
{
    /// <summary>The Lebanese side.</summary>
    North,
    /// <summary>The Israeli side.</summary>
    South,
}

/// <summary>Order of (occurred_at, id).</summary>
public enum IncidentOrder
{
    /// <summary>Oldest first.</summary>
    Ascending,
    /// <summary>Newest first.</summary>
    Descending,
}

/// <summary>Keyset page over (occurred_at, id).</summary>
/// <param name="Limit">Rows per page; null = no limit (exports).</param>
/// <param name="After">Start after this position (exclusive), in <paramref name="Order"/>.</param>
/// <param name="Order">The order.</param>
public sealed record IncidentPage(int? Limit = null, IncidentCursor? After = null, IncidentOrder Order = IncidentOrder.Ascending);
