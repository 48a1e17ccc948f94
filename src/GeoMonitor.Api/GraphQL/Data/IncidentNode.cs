using GeoMonitor.Api.Features.Incidents;
using GeoMonitor.GraphQL.Execution;
using Npgsql;

namespace GeoMonitor.Api.GraphQL.Data;

/// <summary>An incident row as the GraphQL API shows it, read with the REST API's column list (<see cref="IncidentColumns.Select"/>).</summary>
public sealed record IncidentNode(long Id, string Source, string ExternalId, DateTime OccurredAt, int TimePrecision, string EventType,
    string SubEventType, string? Actor1, string? Actor2, int Fatalities, string Status, int GeoPrecision, double? UncertaintyMetres,
    string? LocationName, string? Notes, double? BlueLineDistance, string? BlueLineSide, string[] ZoneSlugs, string[] CorridorSlugs,
    string[] TruceSlugs, int Version, DateTime UpdatedAt, string GeometryJson, double Lon, double Lat)
{
    /// <summary>The distance the row was ordered by (DISTANCE order only).</summary>
    public double? OrderDistance { get; init; }

    /// <summary>Where zones, corridors and truces are found by slug: set by the read that made this node.</summary>
    public IncidentLayers? Layers { get; init; }

    // Incident.geometry, blueLine, zones, corridors and truces are read by the engine's default resolver from these
    // properties: a bound resolver would cost a resolve context per field per incident, and a page holds up to 1,000.

    /// <summary>Incident.zones: a list, or a task of one while the layer cache is cold.</summary>
    public object Zones => LayersOrFail.Zones(ZoneSlugs);

    /// <summary>Incident.corridors.</summary>
    public object Corridors => LayersOrFail.Corridors(CorridorSlugs);

    /// <summary>Incident.truces.</summary>
    public object Truces => LayersOrFail.Truces(TruceSlugs);

    private IncidentLayers LayersOrFail => Layers ?? throw new InvalidOperationException($"Incident {Id} was read without its layers.");

    /// <summary>Incident.geometry: the GeoJSON PostGIS wrote, passed into the response without being parsed or checked.</summary>
    public RawJson Geometry => new(GeometryJson, wellFormed: true);

    /// <summary>Incident.disputed: a published finding the independent review disputed.</summary>
    public bool Disputed => Status == Features.Verification.IncidentStates.PublishedDisputed;

    /// <summary>Incident.blueLine: distance (to the decimetre) and side; null without a Blue Line.</summary>
    public BlueLineNode? BlueLine => BlueLineNode.From(BlueLineDistance, BlueLineSide);

    /// <summary>Reads a row whose columns <paramref name="o"/>.. are <see cref="IncidentColumns.Select"/>.</summary>
    public static IncidentNode Read(NpgsqlDataReader r, int o, IncidentLayers layers)
    {
        string? S(int i) => r.IsDBNull(o + i) ? null : r.GetString(o + i);
        DateTime T(int i) => DateTime.SpecifyKind(r.GetDateTime(o + i), DateTimeKind.Utc);
        return new IncidentNode(r.GetInt64(o), r.GetString(o + 1), r.GetString(o + 2), T(3), r.GetInt16(o + 4), r.GetString(o + 5),
            r.GetString(o + 6), S(7), S(8), r.GetInt32(o + 9), r.GetString(o + 10), r.GetInt16(o + 11),
            r.IsDBNull(o + 12) ? null : r.GetDouble(o + 12), S(13), S(14), r.IsDBNull(o + 15) ? null : r.GetDouble(o + 15), S(16),
            r.GetFieldValue<string[]>(o + 17), r.GetFieldValue<string[]>(o + 18), r.GetFieldValue<string[]>(o + 19),
            r.GetInt32(o + 20), T(21), r.GetString(o + 22), r.GetDouble(o + 23), r.GetDouble(o + 24)) { Layers = layers };
    }
}
