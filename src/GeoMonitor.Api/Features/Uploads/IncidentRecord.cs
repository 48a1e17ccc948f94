using Npgsql;

namespace GeoMonitor.Api.Features.Uploads;

/// <summary>An incident as stored, with its write-time enrichment: the body of write responses.</summary>
public sealed record IncidentRecord(
    long Id,
    int Version,
    string Status,
    string Source,
    string ExternalId,
    DateTime OccurredAt,
    int TimePrecision,
    string EventType,
    string SubEventType,
    string? Actor1,
    string? Actor2,
    int Fatalities,
    int GeoPrecision,
    double? UncertaintyM,
    string? LocationName,
    string? Notes,
    IncidentLocation Location,
    IncidentEnrichment Enrichment,
    string? CreatedBy,
    DateTime CreatedAt,
    string? UpdatedBy,
    DateTime UpdatedAt,
    IncidentVerification Verification)
{
    /// <summary>The select list matching <see cref="Read"/>; the table alias is <c>i</c>.</summary>
    public const string Columns = """
        i.id, i.version, i.status, i.source, i.external_id, i.occurred_at, i.time_precision, i.event_type, i.sub_event_type,
        i.actor1, i.actor2, i.fatalities, i.geo_precision, i.uncertainty_m, i.location_name, i.notes,
        ST_X(i.geom), ST_Y(i.geom), i.raw_coordinate, i.raw_crs,
        i.zone_slugs, i.corridor_slugs, i.truce_slugs, i.blue_line_distance_m, i.blue_line_side,
        i.created_by, i.created_at, i.updated_by, i.updated_at,
        i.reporter_organisation, i.assigned_team, i.verification_outcome, i.verified_by, i.verifying_organisation,
        i.cooling_off_ends_at, i.review_started_by, i.state_entered_at
        """;

    /// <summary>Reads a row selected with <see cref="Columns"/>.</summary>
    /// <param name="r">The reader, positioned on a row.</param>
    /// <param name="o">The ordinal of the first column of <see cref="Columns"/> (when other columns come first).</param>
    public static IncidentRecord Read(NpgsqlDataReader r, int o = 0)
    {
        string? S(int i) => r.IsDBNull(o + i) ? null : r.GetString(o + i);
        double? D(int i) => r.IsDBNull(o + i) ? null : r.GetDouble(o + i);
        DateTime T(int i) => DateTime.SpecifyKind(r.GetDateTime(o + i), DateTimeKind.Utc);
        return new IncidentRecord(
            r.GetInt64(o), r.GetInt32(o + 1), r.GetString(o + 2), r.GetString(o + 3), r.GetString(o + 4),
            T(5), r.GetInt16(o + 6), r.GetString(o + 7), r.GetString(o + 8),
            S(9), S(10), r.GetInt32(o + 11), r.GetInt16(o + 12), D(13), S(14), S(15),
            new IncidentLocation(r.GetDouble(o + 16), r.GetDouble(o + 17), S(18), S(19)),
            new IncidentEnrichment(r.GetFieldValue<string[]>(o + 20), r.GetFieldValue<string[]>(o + 21), r.GetFieldValue<string[]>(o + 22),
                new BlueLineRelation(D(23), S(24))),
            S(25), T(26), S(27), T(28),
            new IncidentVerification(S(29), S(30), S(31), S(32), S(33), r.IsDBNull(o + 34) ? null : T(34), S(35), T(36),
                r.GetString(o + 2) == "published_disputed"));
    }

    /// <summary>The normalized fields, for comparing a re-sent report with the stored one.</summary>
    public NewIncident ToNewIncident() => new(Source, ExternalId, OccurredAt, (short)TimePrecision, Location.Lon, Location.Lat,
        (short)GeoPrecision, UncertaintyM, EventType, SubEventType, Actor1, Actor2, Fatalities, LocationName, Notes,
        Location.Raw ?? "", Location.RawCrs ?? "");

    /// <summary>The entity tag of this version: <c>"&lt;version&gt;"</c>.</summary>
    public string ETag => $"\"{Version}\"";
}

/// <summary>The point in WGS 84 and the coordinate as the client sent it.</summary>
/// <param name="Lon">Longitude, degrees (WGS 84).</param>
/// <param name="Lat">Latitude, degrees (WGS 84).</param>
/// <param name="Raw">The coordinate text as uploaded (e.g. the MGRS reference).</param>
/// <param name="RawCrs">The system of <paramref name="Raw"/>: EPSG:4326, EPSG:32636, EPSG:2039, MGRS, …</param>
public sealed record IncidentLocation(double Lon, double Lat, string? Raw, string? RawCrs);

/// <summary>What the layers say about the point, computed at write time and whenever a layer changes.</summary>
/// <param name="Zones">Slugs of the zones containing the point and valid at occurredAt.</param>
/// <param name="Corridors">Slugs of the corridors containing the point.</param>
/// <param name="Truces">Slugs of the truces in force at occurredAt whose scope covers the point.</param>
/// <param name="BlueLine">Geodesic distance to the Blue Line and the side of it.</param>
public sealed record IncidentEnrichment(string[] Zones, string[] Corridors, string[] Truces, BlueLineRelation BlueLine);

/// <summary>Where the point lies relative to the Blue Line (null when no Blue Line is loaded).</summary>
/// <param name="DistanceMetres">Geodesic distance in metres.</param>
/// <param name="Side"><c>north</c> (Lebanese side), <c>south</c>, or <c>on_line</c> (within 0.5 m).</param>
public sealed record BlueLineRelation(double? DistanceMetres, string? Side);

/// <summary>
/// Where an incident stands in the verification lifecycle (docs/verification.md): who reported it, which observer team
/// verifies it and with what outcome, how long the cooling-off lasts, who started the independent review, and when the
/// present state was entered.
/// </summary>
/// <param name="ReporterOrganisation">The organisation of the key that uploaded it (null for imports).</param>
/// <param name="AssignedTeam">The observer team's slug, once assigned.</param>
/// <param name="Outcome"><c>verified_on_site</c> or <c>could_not_verify</c>, once the team reported.</param>
/// <param name="VerifiedBy">The team member's key that recorded the verification.</param>
/// <param name="VerifyingOrganisation">The team's organisation at the verification.</param>
/// <param name="CoolingOffEndsAt">When the cooling-off ends (UTC), once it began.</param>
/// <param name="ReviewStartedBy">The key of the independent reviewer who started the review.</param>
/// <param name="StateEnteredAt">When the present state was entered (UTC).</param>
/// <param name="Disputed">True for a published finding that the independent review disputed.</param>
public sealed record IncidentVerification(string? ReporterOrganisation, string? AssignedTeam, string? Outcome, string? VerifiedBy,
    string? VerifyingOrganisation, DateTime? CoolingOffEndsAt, string? ReviewStartedBy, DateTime StateEnteredAt, bool Disputed);
