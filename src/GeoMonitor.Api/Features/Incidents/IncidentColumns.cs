using System.Globalization;
using System.Text;
using System.Text.Json;
using GeoMonitor.Api.Features.Common;
using Npgsql;

namespace GeoMonitor.Api.Features.Incidents;

/// <summary>
/// The columns an incident is read with, and how one row becomes a GeoJSON feature or a CSV record. PostGIS writes
/// the geometry JSON (6 decimals); the writers copy it through, so no geometry object is built per row.
/// </summary>
public static class IncidentColumns
{
    /// <summary>The select list over alias <c>i</c>; the ordinals below follow it.</summary>
    public const string Select = """
        i.id, i.source, i.external_id, i.occurred_at, i.time_precision, i.event_type, i.sub_event_type, i.actor1, i.actor2,
        i.fatalities, i.status, i.geo_precision, i.uncertainty_m, i.location_name, i.notes, i.blue_line_distance_m,
        i.blue_line_side, i.zone_slugs, i.corridor_slugs, i.truce_slugs, i.version, i.updated_at,
        ST_AsGeoJSON(i.geom, 6, 0), ST_X(i.geom), ST_Y(i.geom)
        """;

    private const int Id = 0, Source = 1, ExternalId = 2, OccurredAt = 3, TimePrecision = 4, EventType = 5, SubEventType = 6,
        Actor1 = 7, Actor2 = 8, Fatalities = 9, Status = 10, GeoPrecision = 11, UncertaintyM = 12, LocationName = 13, Notes = 14,
        BlueLineDistance = 15, BlueLineSide = 16, Zones = 17, Corridors = 18, Truces = 19, Version = 20, UpdatedAt = 21,
        Geometry = 22, Lon = 23, Lat = 24;

    /// <summary>The CSV header (RFC 4180, one record).</summary>
    public const string CsvHeader =
        "id,source,externalId,occurredAt,timePrecision,eventType,subEventType,actor1,actor2,fatalities,status,disputed,geoPrecision,"
        + "uncertaintyM,locationName,notes,blueLineDistanceM,blueLineSide,zones,corridors,truces,version,updatedAt,lon,lat\r\n";

    /// <summary>The keyset position of the current row.</summary>
    public static (DateTime OccurredAt, long Id) Position(NpgsqlDataReader r) => (r.GetDateTime(OccurredAt), r.GetInt64(Id));

    /// <summary>An instant as written on the wire: UTC, ISO 8601, microseconds only when present.</summary>
    public static string Instant(DateTime t) => Iso8601.Format(t);

    /// <summary>The Blue Line distance as published: metres to the decimetre.</summary>
    public static double RoundDistance(double metres) => Math.Round(metres, 1, MidpointRounding.AwayFromZero);

    /// <summary>Writes the current row as an RFC 7946 Feature.</summary>
    public static void WriteFeature(Utf8JsonWriter w, NpgsqlDataReader r)
    {
        var id = r.GetInt64(Id);
        w.WriteStartObject();
        w.WriteString(Names.Type, Names.Feature);
        w.WriteNumber(Names.Id, id);
        w.WritePropertyName(Names.Geometry);
        w.WriteRawValue(r.GetString(Geometry), skipInputValidation: true);
        w.WriteStartObject(Names.Properties);
        w.WriteNumber(Names.Id, id);
        w.WriteString(Names.Source, r.GetString(Source));
        w.WriteString(Names.ExternalId, r.GetString(ExternalId));
        Iso8601.Write(w, Names.OccurredAt, r.GetDateTime(OccurredAt));
        w.WriteNumber(Names.TimePrecision, r.GetInt16(TimePrecision));
        w.WriteString(Names.EventType, r.GetString(EventType));
        w.WriteString(Names.SubEventType, r.GetString(SubEventType));
        StringOrNull(w, Names.Actor1, r, Actor1);
        StringOrNull(w, Names.Actor2, r, Actor2);
        w.WriteNumber(Names.Fatalities, r.GetInt32(Fatalities));
        var status = r.GetString(Status);
        w.WriteString(Names.Status, status);
        // The publication hold publishes disputed findings too, flagged: a reader must not take them for verified ones.
        w.WriteBoolean(Names.Disputed, status == Verification.IncidentStates.PublishedDisputed);
        w.WriteNumber(Names.GeoPrecision, r.GetInt16(GeoPrecision));
        if (r.IsDBNull(UncertaintyM)) w.WriteNull(Names.UncertaintyM); else w.WriteNumber(Names.UncertaintyM, r.GetDouble(UncertaintyM));
        StringOrNull(w, Names.LocationName, r, LocationName);
        StringOrNull(w, Names.Notes, r, Notes);
        if (r.IsDBNull(BlueLineDistance)) w.WriteNull(Names.BlueLineDistanceM);
        else w.WriteNumber(Names.BlueLineDistanceM, RoundDistance(r.GetDouble(BlueLineDistance)));
        StringOrNull(w, Names.BlueLineSide, r, BlueLineSide);
        Slugs(w, Names.Zones, r, Zones);
        Slugs(w, Names.Corridors, r, Corridors);
        Slugs(w, Names.Truces, r, Truces);
        w.WriteNumber(Names.Version, r.GetInt32(Version));
        Iso8601.Write(w, Names.UpdatedAt, r.GetDateTime(UpdatedAt));
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>Appends the current row as one CSV record (CRLF-terminated).</summary>
    public static void AppendCsv(StringBuilder sb, NpgsqlDataReader r)
    {
        var inv = CultureInfo.InvariantCulture;
        sb.Append(r.GetInt64(Id).ToString(inv)).Append(',');
        Field(sb, r.GetString(Source)).Append(',');
        Field(sb, r.GetString(ExternalId)).Append(',');
        sb.Append(Instant(r.GetDateTime(OccurredAt))).Append(',');
        sb.Append(r.GetInt16(TimePrecision).ToString(inv)).Append(',');
        Field(sb, r.GetString(EventType)).Append(',');
        Field(sb, r.GetString(SubEventType)).Append(',');
        Field(sb, r.IsDBNull(Actor1) ? null : r.GetString(Actor1)).Append(',');
        Field(sb, r.IsDBNull(Actor2) ? null : r.GetString(Actor2)).Append(',');
        sb.Append(r.GetInt32(Fatalities).ToString(inv)).Append(',');
        var status = r.GetString(Status);
        sb.Append(status).Append(',');
        sb.Append(status == Verification.IncidentStates.PublishedDisputed ? "true" : "false").Append(',');
        sb.Append(r.GetInt16(GeoPrecision).ToString(inv)).Append(',');
        if (!r.IsDBNull(UncertaintyM)) sb.Append(r.GetDouble(UncertaintyM).ToString("R", inv));
        sb.Append(',');
        Field(sb, r.IsDBNull(LocationName) ? null : r.GetString(LocationName)).Append(',');
        Field(sb, r.IsDBNull(Notes) ? null : r.GetString(Notes)).Append(',');
        if (!r.IsDBNull(BlueLineDistance)) sb.Append(RoundDistance(r.GetDouble(BlueLineDistance)).ToString("R", inv));
        sb.Append(',');
        if (!r.IsDBNull(BlueLineSide)) sb.Append(r.GetString(BlueLineSide));
        sb.Append(',');
        Field(sb, string.Join(';', r.GetFieldValue<string[]>(Zones))).Append(',');
        Field(sb, string.Join(';', r.GetFieldValue<string[]>(Corridors))).Append(',');
        Field(sb, string.Join(';', r.GetFieldValue<string[]>(Truces))).Append(',');
        sb.Append(r.GetInt32(Version).ToString(inv)).Append(',');
        sb.Append(Instant(r.GetDateTime(UpdatedAt))).Append(',');
        sb.Append(Coordinate(r.GetDouble(Lon))).Append(',');
        sb.Append(Coordinate(r.GetDouble(Lat))).Append("\r\n");
    }

    /// <summary>A coordinate with the 6 decimals of the GeoJSON output (about 0.1 m), trailing zeros dropped.</summary>
    public static string Coordinate(double degrees) =>
        Math.Round(degrees, 6, MidpointRounding.AwayFromZero).ToString("0.######", CultureInfo.InvariantCulture);

    // RFC 4180: a field holding a comma, a quote or a line break is quoted, and its quotes doubled.
    private static StringBuilder Field(StringBuilder sb, string? value)
    {
        if (value is null) return sb;
        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0) return sb.Append(value);
        return sb.Append('"').Append(value.Replace("\"", "\"\"")).Append('"');
    }

    private static void StringOrNull(Utf8JsonWriter w, JsonEncodedText name, NpgsqlDataReader r, int ordinal)
    {
        if (r.IsDBNull(ordinal)) w.WriteNull(name); else w.WriteString(name, r.GetString(ordinal));
    }

    private static void Slugs(Utf8JsonWriter w, JsonEncodedText name, NpgsqlDataReader r, int ordinal)
    {
        w.WriteStartArray(name);
        foreach (var s in r.GetFieldValue<string[]>(ordinal)) w.WriteStringValue(s);
        w.WriteEndArray();
    }

    // Escaped once: a feature has 28 property names, and a large read writes thousands of features.
    private static class Names
    {
        public static readonly JsonEncodedText Type = JsonEncodedText.Encode("type"), Feature = JsonEncodedText.Encode("Feature"),
            Id = JsonEncodedText.Encode("id"), Geometry = JsonEncodedText.Encode("geometry"), Properties = JsonEncodedText.Encode("properties"),
            Source = JsonEncodedText.Encode("source"), ExternalId = JsonEncodedText.Encode("externalId"),
            OccurredAt = JsonEncodedText.Encode("occurredAt"), TimePrecision = JsonEncodedText.Encode("timePrecision"),
            EventType = JsonEncodedText.Encode("eventType"), SubEventType = JsonEncodedText.Encode("subEventType"),
            Actor1 = JsonEncodedText.Encode("actor1"), Actor2 = JsonEncodedText.Encode("actor2"), Fatalities = JsonEncodedText.Encode("fatalities"),
            Status = JsonEncodedText.Encode("status"), Disputed = JsonEncodedText.Encode("disputed"), GeoPrecision = JsonEncodedText.Encode("geoPrecision"),
            UncertaintyM = JsonEncodedText.Encode("uncertaintyM"), LocationName = JsonEncodedText.Encode("locationName"),
            Notes = JsonEncodedText.Encode("notes"), BlueLineDistanceM = JsonEncodedText.Encode("blueLineDistanceM"),
            BlueLineSide = JsonEncodedText.Encode("blueLineSide"), Zones = JsonEncodedText.Encode("zones"),
            Corridors = JsonEncodedText.Encode("corridors"), Truces = JsonEncodedText.Encode("truces"),
            Version = JsonEncodedText.Encode("version"), UpdatedAt = JsonEncodedText.Encode("updatedAt");
    }
}
