namespace GeoMonitor.Api.Features.Uploads;

/// <summary>
/// The fields of an uploaded report, their accepted spellings (JSON names, ACLED column names) and the HXL
/// hashtags recognized in a CSV's hashtag row. Names match ignoring case, spaces, '_' and '-'.
/// </summary>
public static class IncidentFields
{
    /// <summary>Canonical field names.</summary>
    public const string Source = "source", ExternalId = "externalId", OccurredAt = "occurredAt", TimePrecision = "timePrecision",
        EventType = "eventType", SubEventType = "subEventType", Actor1 = "actor1", Actor2 = "actor2", Fatalities = "fatalities",
        GeoPrecision = "geoPrecision", UncertaintyM = "uncertaintyM", LocationName = "locationName", Notes = "notes",
        Lon = "lon", Lat = "lat", Coordinate = "coordinate", Mgrs = "mgrs", X = "x", Y = "y", Crs = "crs", Location = "location";

    /// <summary>Every canonical name a report may carry.</summary>
    public static readonly IReadOnlyList<string> All =
    [
        Source, ExternalId, OccurredAt, TimePrecision, EventType, SubEventType, Actor1, Actor2, Fatalities, GeoPrecision,
        UncertaintyM, LocationName, Notes, Lon, Lat, Coordinate, Mgrs, X, Y, Crs,
    ];

    /// <summary>The fields that give the location (exactly one form per report).</summary>
    public static readonly IReadOnlySet<string> LocationFields = new HashSet<string> { Lon, Lat, Coordinate, Mgrs, X, Y, Crs };

    private static readonly Dictionary<string, string> Names = BuildNames();

    private static Dictionary<string, string> BuildNames()
    {
        var d = All.ToDictionary(Key, n => n);
        void Alias(string canonical, params string[] aliases) { foreach (var a in aliases) d[Key(a)] = canonical; }
        Alias(ExternalId, "external_id", "event_id_cnty");
        Alias(OccurredAt, "event_date", "date", "occurred_at");
        Alias(TimePrecision, "time_precision");
        Alias(EventType, "event_type");
        Alias(SubEventType, "sub_event_type");
        Alias(GeoPrecision, "geo_precision");
        Alias(UncertaintyM, "uncertainty_m", "uncertainty");
        Alias(LocationName, "location", "location_name", "place");
        Alias(Notes, "description");
        Alias(Lon, "longitude", "lng");
        Alias(Lat, "latitude");
        Alias(Coordinate, "coordinates", "coord", "position");
        Alias(X, "easting");
        Alias(Y, "northing");
        Alias(Crs, "epsg", "srid");
        return d;
    }

    // HXL: a hashtag plus attributes, matched whatever the order of the attributes.
    private static readonly Dictionary<string, string> Hashtags = new()
    {
        [Hxl("#date+occurred")] = OccurredAt,
        [Hxl("#event+type")] = EventType,
        [Hxl("#event+type+sub")] = SubEventType,
        [Hxl("#group+name+first")] = Actor1,
        [Hxl("#group+name+second")] = Actor2,
        [Hxl("#loc+name")] = LocationName,
        [Hxl("#geo+lat")] = Lat,
        [Hxl("#geo+lon")] = Lon,
        [Hxl("#geo+coord")] = Coordinate,
        [Hxl("#description")] = Notes,
        [Hxl("#affected+killed")] = Fatalities,
        [Hxl("#meta+source")] = Source,
        [Hxl("#meta+id")] = ExternalId,
    };

    /// <summary>The canonical name for a field name or column header, or null when unknown.</summary>
    public static string? Canonical(string name) => Names.GetValueOrDefault(Key(name));

    /// <summary>The canonical name for an HXL hashtag (e.g. <c>#geo +lat</c>), or null when unknown.</summary>
    public static string? FromHashtag(string tag) => Hashtags.GetValueOrDefault(Hxl(tag));

    /// <summary>Whether a cell looks like an HXL hashtag.</summary>
    public static bool IsHashtag(string cell) => cell.TrimStart().StartsWith('#');

    private static string Key(string name) =>
        string.Concat(name.Where(c => c is not ('_' or '-' or ' '))).ToLowerInvariant();

    private static string Hxl(string tag)
    {
        var parts = tag.Trim().ToLowerInvariant().Split('+', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 0 ? "" : parts[0] + string.Concat(parts.Skip(1).Order(StringComparer.Ordinal).Select(a => "+" + a));
    }
}
