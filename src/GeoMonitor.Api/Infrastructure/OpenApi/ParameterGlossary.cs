namespace GeoMonitor.Api.Infrastructure.OpenApi;

/// <summary>
/// What each query parameter and request header read by hand means, once for the whole API: the handlers read them
/// with QueryReader (which refuses unknown names), the endpoints list their names with
/// <see cref="WireSchemaEndpoints.WithQuery{TBuilder}"/>, and the document describes them from here. Values stay strings
/// where the handler parses them itself, so a malformed value reaches the handler and gets its 400 naming the
/// parameter; enumerations are declared where the handler accepts a fixed set.
/// </summary>
public static class ParameterGlossary
{
    /// <summary>One entry: its schema (JSON, OpenAPI 3.1), description and, optionally, an example.</summary>
    public sealed record Entry(string Schema, string Description, string? Example = null, bool Explode = true);

    private const string Str = """{"type": "string"}""";
    // Instants are parsed by Iso8601 (an offset or a date), which is wider than RFC 3339 date-time.
    private const string Instant = """{"type": "string"}""";
    private const string Bool = """{"type": "string", "enum": ["true", "false"]}""";
    private const string Slug = """{"type": "string", "maxLength": 2000}""";
    private const string List = """{"type": "array", "items": {"type": "string"}}""";

    /// <summary>Query parameters by name.</summary>
    public static readonly IReadOnlyDictionary<string, Entry> Query = new Dictionary<string, Entry>(StringComparer.Ordinal)
    {
        ["zone"] = new(Slug, "A zone's slug: incidents inside its polygon (boundary included).", "withdrawal-phase1-west"),
        ["truce"] = new(Slug, "A truce's slug: occurred in its window in force after extensions, [start, end).", "ceasefire-2026-04"),
        ["from"] = new(Instant, "ISO 8601 instant with offset (or a date): from this instant on, inclusive.", "2026-04-16T21:00:00Z"),
        ["to"] = new(Instant, "ISO 8601 instant with offset (or a date): before this instant, exclusive.", "2026-05-08T00:00:00Z"),
        ["bbox"] = new(Str, "minLon,minLat,maxLon,maxLat in degrees (WGS 84 unless bbox-crs says otherwise).", "35.1,33.0,35.6,33.3", Explode: false),
        ["near"] = new(Str, "lon,lat in degrees; needs radius.", "35.4,33.15", Explode: false),
        ["radius"] = new("""{"type": "number", "exclusiveMinimum": 0, "maximum": 500000}""", "Metres (geodesic) around near, 0 < radius ≤ 500000.", "5000"),
        ["line"] = new(Slug, "A line's slug; with lineDistance, incidents within that many metres of it.", "blue-line"),
        ["lineDistance"] = new("""{"type": "number", "exclusiveMinimum": 0, "maximum": 500000}""", "Metres (geodesic) from line, 0 < lineDistance ≤ 500000.", "2000"),
        ["side"] = new("""{"type": "string", "enum": ["north", "south"]}""", "Side of the Blue Line (north: Lebanon; south: Israel)."),
        ["corridor"] = new(Slug, "A corridor's slug: incidents inside its area."),
        ["corridorOpen"] = new(Bool, "With corridor: only incidents while a window of it was open (true) or closed (false)."),
        ["eventType"] = new(List, "ACLED event types; repeat or comma-separate for several.", Explode: true),
        ["subEventType"] = new(List, "ACLED sub-event types; repeat or comma-separate for several."),
        ["status"] = new(List, "States (of incidents: the verification lifecycle; of notifications or clarifications: theirs); repeat or comma-separate."),
        ["source"] = new(List, "Sources of the reports; repeat or comma-separate."),
        ["preNotified"] = new(Bool, "Whether a pre-notification covers the incident."),
        ["asOf"] = new(Instant, "The layers as recorded at this ISO 8601 instant (their version then)."),
        ["claim"] = new(Slug, "A party (israel, lebanon, unifil or an organisation's slug): its positions for disputed points."),
        ["updatedSince"] = new(Instant, "Only incidents changed at or after this instant."),
        ["limit"] = new("""{"type": "integer", "minimum": 1}""", "Page size (each endpoint says its maximum).", "100"),
        ["cursor"] = new(Str, "The opaque cursor of a next link."),
        ["after"] = new(Str, "The opaque cursor of a next link (the last item of the previous page)."),
        ["order"] = new("""{"type": "string", "enum": ["asc", "desc"]}""", "Order over (occurred_at, id)."),
        ["format"] = new("""{"type": "string", "enum": ["geojson", "csv", "geojsonseq"]}""", "Output format (else the Accept header, else GeoJSON)."),
        ["hxl"] = new(Bool, "CSV only: add an HXL hashtag row under the header."),
        ["bucket"] = new("""{"type": "string", "enum": ["day", "week"]}""", "Width of the count buckets."),
        ["kind"] = new(Str, "A kind (of zone, or of notification)."),
        ["activeAt"] = new(Instant, "Only what is in force at this ISO 8601 instant."),
        ["openAt"] = new(Instant, "Only corridors with a window open at this ISO 8601 instant."),
        ["at"] = new(Instant, "The ISO 8601 instant the answer is about."),
        ["since"] = new(Str, "The opaque token of the previous page's next (the changes after it)."),
        ["lon"] = new("""{"type": "number", "minimum": -180, "maximum": 180}""", "Longitude in degrees (WGS 84).", "35.4"),
        ["lat"] = new("""{"type": "number", "minimum": -90, "maximum": 90}""", "Latitude in degrees (WGS 84).", "33.15"),
        ["force"] = new(Str, "A force's name (as recorded in custody)."),
        ["organisation"] = new(Slug, "An organisation's slug."),
        ["incident"] = new("""{"type": "integer", "minimum": 1}""", "An incident id."),
        ["state"] = new(Str, "A state of the verification lifecycle."),
        ["team"] = new(Slug, "An observer team's slug."),
        ["partial"] = new(Bool, "true: write the good rows and list the bad ones (default: all or nothing)."),
        ["makeValid"] = new(Bool, "true: repair an invalid geometry with ST_MakeValid instead of refusing it."),
        ["f"] = new("""{"type": "string", "enum": ["json", "html", "geojson", "jsonschema"]}""", "Encoding (else the Accept header)."),
        ["bbox-crs"] = new(Str, "CRS URI of bbox (default CRS84)."),
        ["crs"] = new(Str, "CRS URI of the answer's coordinates (default CRS84)."),
        ["datetime"] = new(Str, "An instant or an interval (start/end, '..' for open) of occurredAt."),
        ["filter"] = new(Str, "A CQL2 expression (OGC API - Features Part 3).", "fatalities > 0"),
        ["filter-lang"] = new("""{"type": "string", "enum": ["cql2-text", "cql2-json", "cql-text"]}""", "Language of filter."),
        ["filter-crs"] = new(Str, "CRS URI of the filter's geometries (default CRS84)."),
        ["sortby"] = new(Str, "Comma-separated queryables, each prefixed with - for descending.", "-occurredAt"),
    };

    /// <summary>Request headers by name.</summary>
    public static readonly IReadOnlyDictionary<string, Entry> Headers = new Dictionary<string, Entry>(StringComparer.Ordinal)
    {
        ["If-Match"] = new(Str, "The ETag of the version the change is made against (412 if it is no longer current; 428 when missing).", "\"1\""),
        ["If-None-Match"] = new(Str, "An ETag from an earlier answer: 304 without a body when it still matches."),
        ["If-Modified-Since"] = new(Str, "An HTTP date: 304 when nothing was recorded after it (ignored with If-None-Match)."),
        ["GeoMonitor-Min-LSN"] = new(Str, "Read-your-writes: the GeoMonitor-Commit-LSN a write answered, so a read on a standby waits until it has replayed it."),
    };
}
