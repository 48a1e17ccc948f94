using GeoMonitor.Api.Features.Layers;
namespace GeoMonitor.Api.Tiles;

/// <summary>An attribute of a tile layer: its name in the tile, the SQL (over alias t or i) and its TileJSON type.</summary>
public sealed record TileField(string Name, string Sql, string Type, string Description);

/// <summary>A vector tile layer: the table it draws and the attributes each feature carries.</summary>
/// <param name="Id">Layer id: the URL segment and the MVT layer name.</param>
/// <param name="Description">What a feature is.</param>
/// <param name="Table">The table (alias t), for the geometry layers; incidents go through the shared filter.</param>
/// <param name="Fields">Attributes.</param>
/// <param name="Basemap">The basemap file the layer is drawn from (its source and scale are the TileJSON attribution),
/// or null for GeoMonitor's own layers.</param>
public sealed record TileLayer(string Id, string Description, string Table, IReadOnlyList<TileField> Fields, string? Basemap = null)
{
    /// <summary>Whether the layer keeps versions, so that its tiles take asOf= (lines, zones, corridors).</summary>
    public bool Versioned => Basemap is null && Id != TileLayers.Incidents;
}

/// <summary>The tile layers. Names here are constants: no identifier comes from a request.</summary>
public static class TileLayers
{
    /// <summary>The incident layer's id.</summary>
    public const string Incidents = "incidents";

    /// <summary>Zoom levels served.</summary>
    public const int MinZoom = 0, MaxZoom = 22;

    /// <summary>The zoom TileJSON advertises as the deepest with its own tiles (clients over-zoom beyond).</summary>
    public const int MaxAdvertisedZoom = 16;

    /// <summary>MVT extent and the buffer around a tile (in tile units), as ST_AsMVTGeom takes them.</summary>
    public const int Extent = 4096, Buffer = 64;

    private static readonly TileField[] Named =
    [
        new("slug", "t.slug", "String", "Stable identifier."),
        new("name", "t.name", "String", "Name (English)."),
    ];

    private const string UtcText = "to_char({0} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')";

    /// <summary>All layers, drawn bottom to top in this order (the labels of places last, above the data).</summary>
    public static readonly IReadOnlyList<TileLayer> All =
    [
        new("land", "Land: Natural Earth 1:10m country polygons, clipped to the region (basemap).", "basemap_land",
            [new("name", "t.name", "String", "Country name (Natural Earth).")], Basemap: "basemap.geojson"),
        new("borders", "Coastlines and country boundaries, Natural Earth 1:10m (basemap; the boundaries are not the Blue Line).", "basemap_lines",
            [new("kind", "t.kind", "String", "coastline or boundary."), new("name", "t.name", "String", "The country, or the two countries a boundary separates.")],
            Basemap: "basemap.geojson"),
        new("zones", "Zones (buffers, withdrawal zones, the Litani valley, the UNSC 1701 area).", LayerJoins.ZonesTable,
            [.. Named, new("kind", "t.kind", "String", "Zone kind."), new("phase", "t.phase", "Number", "Withdrawal phase."),
             new("approximate", "t.approximate", "Boolean", "Sketch rather than survey.")]),
        new("corridors", "Humanitarian corridor areas (route buffered by half the width).", LayerJoins.CorridorsTable,
            [.. Named, new("status", "t.status", "String", "open, closed, suspended, planned."), new("widthM", "t.width_m", "Number", "Width in metres.")]),
        new("lines", "Reference lines: the Blue Line, rivers.", LayerJoins.LinesTable,
            [.. Named, new("kind", "t.kind", "String", "blue_line, river, …"), new("approximate", "t.approximate", "Boolean", "Sketch rather than survey.")]),
        new(Incidents, "Incident points (published only without an API key).", "incidents",
        [
            new("occurredAt", string.Format(UtcText, "i.occurred_at"), "String", "When (UTC, ISO 8601)."),
            new("t", "extract(epoch FROM i.occurred_at)::bigint", "Number", "When, as Unix seconds (for client-side time filters)."),
            new("eventType", "i.event_type", "String", "ACLED event type."),
            new("subEventType", "i.sub_event_type", "String", "ACLED sub-event type."),
            new("status", "i.status", "String", "State in the verification lifecycle."),
            new("disputed", "i.status = 'published_disputed'", "Boolean", "A published finding the independent review disputed."),
            new("fatalities", "i.fatalities", "Number", "Most conservative reported figure."),
            new("location", "i.location_name", "String", "Place name."),
            new("zones", "array_to_string(i.zone_slugs, ',')", "String", "Zone slugs, comma-separated."),
            new("truces", "array_to_string(i.truce_slugs, ',')", "String", "Truce slugs, comma-separated."),
        ]),
        new("places", "Place labels: the gazetteer's sourced places (English; Arabic and Hebrew where the gazetteer cites a page in that script).",
            "basemap_places",
        [
            new("slug", "t.slug", "String", "Stable identifier."),
            new("name", "t.name", "String", "Name (English)."),
            new("name_ar", "t.name_ar", "String", "Name (Arabic), where sourced."),
            new("name_he", "t.name_he", "String", "Name (Hebrew), where sourced."),
            new("side", "t.side", "String", "Side of the Blue Line, as the gazetteer states it."),
            new("status", "t.status", "String", "The gazetteer's status of the coordinate (verified, approximate, …)."),
        ], Basemap: "places.geojson"),
    ];

    /// <summary>The layer with this id, or null.</summary>
    public static TileLayer? Find(string id) => All.FirstOrDefault(l => l.Id == id);
}
