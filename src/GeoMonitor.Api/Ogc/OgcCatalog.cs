using GeoMonitor.Api.Features.Layers;
namespace GeoMonitor.Api.Ogc;

/// <summary>How a property is typed in the OpenAPI document and written in a feature.</summary>
public enum OgcType
{
    /// <summary>Text.</summary>
    String,
    /// <summary>A whole number.</summary>
    Integer,
    /// <summary>A real number.</summary>
    Number,
    /// <summary>true or false.</summary>
    Boolean,
    /// <summary>An instant, written as ISO 8601 UTC.</summary>
    DateTime,
    /// <summary>JSON made by PostgreSQL, copied through.</summary>
    Json,
}

/// <summary>A feature property: its name on the wire and the SQL (over alias <c>t</c>) that reads it.</summary>
public sealed record OgcProperty(string Name, string Sql, OgcType Type, string Description);

/// <summary>A property filter <c>?name=a,b</c>: the value is one of the given ones (equality on <paramref name="Sql"/>).</summary>
public sealed record OgcPropertyFilter(string Name, string Sql, OgcType Type, string Description);

/// <summary>
/// A layer collection (lines, zones, corridors): its table, properties, filters and the SQL of its time. Table and
/// column names are constants here; nothing from a request becomes an identifier.
/// </summary>
/// <param name="Id">The collection id.</param>
/// <param name="Title">Title.</param>
/// <param name="Description">What a feature is.</param>
/// <param name="Table">The table (alias t).</param>
/// <param name="Properties">The properties written.</param>
/// <param name="Filters">The property filters accepted.</param>
/// <param name="TimeCondition">SQL true when row t's time intersects [@dt_from, @dt_to) (null bounds = open); null when the layer has no time (every row matches).</param>
/// <param name="TemporalExtentSql">SQL returning (start, end) of the layer's time, null meaning open; null when it has none.</param>
public sealed record OgcLayer(
    string Id, string Title, string Description, string Table,
    IReadOnlyList<OgcProperty> Properties, IReadOnlyList<OgcPropertyFilter> Filters,
    string? TimeCondition, string? TemporalExtentSql);

/// <summary>The collections served at /ogc.</summary>
public static class OgcCatalog
{
    /// <summary>The incident collection's id (served through the shared incident filter, not through <see cref="OgcLayer"/>).</summary>
    public const string Incidents = "incidents";

    private static readonly OgcProperty[] Names =
    [
        new("slug", "t.slug", OgcType.String, "Stable identifier used in URLs and filters."),
        new("name", "t.name", OgcType.String, "Name (English)."),
        new("nameAr", "t.name_ar", OgcType.String, "Name in Arabic."),
        new("nameHe", "t.name_he", OgcType.String, "Name in Hebrew."),
    ];

    private static readonly OgcProperty[] Provenance =
    [
        new("source", "t.source", OgcType.String, "Where the geometry comes from."),
        new("method", "t.method", OgcType.String, "How the geometry was drawn."),
        new("approximate", "t.approximate", OgcType.Boolean, "True when the geometry is a sketch between sourced points, not a surveyed line."),
    ];

    private static readonly OgcPropertyFilter SlugFilter = new("slug", "t.slug", OgcType.String, "Slug (one of; comma-separated).");

    /// <summary>The layer collections, in the order listed.</summary>
    public static readonly IReadOnlyList<OgcLayer> Layers =
    [
        new("lines", "Lines",
            "Reference lines: the Blue Line (drawn west to east, so its left side is the Lebanese side) and rivers such as the Litani.",
            LayerJoins.LinesTable,
            [.. Names, new("kind", "t.kind", OgcType.String, "blue_line, river, road, boundary or other."), .. Provenance],
            [SlugFilter, new("kind", "t.kind", OgcType.String, "Kind (one of; comma-separated).")],
            TimeCondition: null, TemporalExtentSql: null),
        new("zones", "Zones",
            "Areas: buffers of the Blue Line (computed in metres), withdrawal zones, the Litani valley, the UNSC 1701 area. A zone's time is its validity.",
            LayerJoins.ZonesTable,
            [
                .. Names,
                new("kind", "t.kind", OgcType.String, "buffer, withdrawal, valley, area_of_operations, security or other."),
                new("phase", "t.phase", OgcType.Integer, "Withdrawal phase."),
                new("deadline", "t.deadline", OgcType.DateTime, "Withdrawal deadline."),
                new("validFrom", "lower(t.valid)", OgcType.DateTime, "Start of validity (null = always)."),
                new("validTo", "upper(t.valid)", OgcType.DateTime, "End of validity, exclusive (null = open)."),
                new("bufferOfLine", "t.buffer_of_line", OgcType.String, "For a buffer: the line slug it was derived from."),
                new("bufferMetres", "t.buffer_metres", OgcType.Number, "For a buffer: its width in metres."),
                new("bufferSide", "t.buffer_side", OgcType.String, "For a buffer: north, south or both."),
                .. Provenance,
            ],
            [SlugFilter, new("kind", "t.kind", OgcType.String, "Kind (one of; comma-separated)."),
             new("phase", "t.phase", OgcType.Integer, "Withdrawal phase (one of; comma-separated).")],
            TimeCondition: "t.valid && tstzrange(@dt_from, @dt_to, '[)')",
            TemporalExtentSql: LayerJoins.ZoneValidityExtent),
        new("corridors", "Humanitarian corridors",
            "Corridor areas (the route buffered by half the width, in metres) with their opening windows. A corridor's time is its windows; one without windows matches any time.",
            LayerJoins.CorridorsTable,
            [
                .. Names,
                new("widthM", "t.width_m", OgcType.Number, "Width in metres."),
                new("status", "t.status", OgcType.String, "open, closed, suspended or planned."),
                new("operator", "t.operator", OgcType.String, "Who runs it."),
                new("windows", LayerJoins.CorridorWindowsJson, OgcType.Json, "Opening windows [{from, to}], half-open, UTC."),
                .. Provenance,
            ],
            [SlugFilter, new("status", "t.status", OgcType.String, "Status (one of; comma-separated).")],
            TimeCondition: LayerJoins.CorridorTimeCondition,
            TemporalExtentSql: LayerJoins.CorridorWindowsExtent),
    ];

    /// <summary>Every collection id, in the order listed.</summary>
    public static readonly IReadOnlyList<string> Ids = [.. Layers.Select(l => l.Id), Incidents];

    /// <summary>The layer with this id, or null.</summary>
    public static OgcLayer? Layer(string id) => Layers.FirstOrDefault(l => l.Id == id);
}
