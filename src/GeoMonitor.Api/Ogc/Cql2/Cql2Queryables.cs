using System.Text.Json.Nodes;

namespace GeoMonitor.Api.Ogc.Cql2;

/// <summary>The type of a queryable, as filters compare it and as its JSON Schema declares it.</summary>
public enum Cql2Type
{
    /// <summary>Text.</summary>
    String,
    /// <summary>A whole number.</summary>
    Integer,
    /// <summary>A real number.</summary>
    Number,
    /// <summary>true or false.</summary>
    Boolean,
    /// <summary>An instant (timestamptz).</summary>
    DateTime,
    /// <summary>The feature's geometry (SRID 4326).</summary>
    Geometry,
}

/// <summary>
/// A property a filter may name: its name on the wire and the SQL expression (a constant of this file, over the
/// collection's table alias) it stands for. This list is the whitelist: a property not in it is a 400, and nothing a
/// client sends ever becomes SQL text.
/// </summary>
/// <param name="Name">The name in filters, sortby and query parameters (the feature property's name).</param>
/// <param name="Sql">The SQL expression.</param>
/// <param name="Type">Its type.</param>
/// <param name="Description">What it is.</param>
/// <param name="Role">The x-ogc-role of Part 3's queryables (id, primary-geometry, primary-instant), or null.</param>
/// <param name="Format">A JSON Schema format (geometry-point, geometry-multipolygon, …) for geometries, or null.</param>
/// <param name="Sortable">Whether sortby may name it: only columns that are never null, so that keyset paging can compare them.</param>
public sealed record Cql2Queryable(string Name, string Sql, Cql2Type Type, string Description, string? Role = null,
    string? Format = null, bool Sortable = false);

/// <summary>The queryables of one collection.</summary>
public sealed class Cql2Queryables
{
    private readonly Dictionary<string, Cql2Queryable> _byName;

    /// <summary>Wraps a list (names unique).</summary>
    public Cql2Queryables(string collectionId, string title, string idSql, IReadOnlyList<Cql2Queryable> all)
    {
        CollectionId = collectionId;
        Title = title;
        IdSql = idSql;
        All = all;
        _byName = all.ToDictionary(q => q.Name, StringComparer.Ordinal);
    }

    /// <summary>The collection.</summary>
    public string CollectionId { get; }

    /// <summary>Its title.</summary>
    public string Title { get; }

    /// <summary>The SQL of the row id, the last key of every sort (keyset paging needs a unique order).</summary>
    public string IdSql { get; }

    /// <summary>Every queryable, in the order published.</summary>
    public IReadOnlyList<Cql2Queryable> All { get; }

    /// <summary>The queryable named <paramref name="name"/>, or null.</summary>
    public Cql2Queryable? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>The names, for messages.</summary>
    public string Names => string.Join(", ", All.Select(q => q.Name));

    /// <summary>The incidents collection (alias <c>i</c> of <see cref="Features.Incidents.Query.IncidentSql"/>).</summary>
    public static readonly Cql2Queryables Incidents = new(OgcCatalog.Incidents, "Incidents", "i.id",
    [
        new("geometry", "i.geom", Cql2Type.Geometry, "Where it happened (a point, WGS 84).", "primary-geometry", "geometry-point"),
        new("id", "i.id", Cql2Type.Integer, "The incident id.", "id", Sortable: true),
        new("occurredAt", "i.occurred_at", Cql2Type.DateTime, "When it happened (UTC).", "primary-instant", Sortable: true),
        new("source", "i.source", Cql2Type.String, "The uploading organisation.", Sortable: true),
        new("externalId", "i.external_id", Cql2Type.String, "The source's own id.", Sortable: true),
        new("timePrecision", "i.time_precision", Cql2Type.Integer, "ACLED time precision: 1 day, 2 week, 3 month.", Sortable: true),
        new("eventType", "i.event_type", Cql2Type.String, "ACLED event type.", Sortable: true),
        new("subEventType", "i.sub_event_type", Cql2Type.String, "ACLED sub-event type.", Sortable: true),
        new("actor1", "i.actor1", Cql2Type.String, "First actor (may be null)."),
        new("actor2", "i.actor2", Cql2Type.String, "Second actor (may be null)."),
        new("fatalities", "i.fatalities", Cql2Type.Integer, "Reported fatalities.", Sortable: true),
        new("status", "i.status", Cql2Type.String, "Review status (without a key only verified incidents are served).", Sortable: true),
        new("geoPrecision", "i.geo_precision", Cql2Type.Integer, "ACLED geo precision: 1 the place, 2 near it, 3 a region.", Sortable: true),
        new("uncertaintyM", "i.uncertainty_m", Cql2Type.Number, "Location uncertainty in metres (may be null)."),
        new("locationName", "i.location_name", Cql2Type.String, "Place name as reported (may be null)."),
        new("notes", "i.notes", Cql2Type.String, "Free-text notes (may be null)."),
        // Compared as published (rounded to the decimetre), so that a filter agrees with the values a client sees.
        new("blueLineDistanceM", "round(i.blue_line_distance_m::numeric, 1)", Cql2Type.Number,
            "Geodesic distance to the Blue Line in metres, as published (to 0.1 m; may be null)."),
        new("blueLineSide", "i.blue_line_side", Cql2Type.String, "north (Lebanese side) or south (may be null)."),
        new("version", "i.version", Cql2Type.Integer, "Revision number.", Sortable: true),
        new("updatedAt", "i.updated_at", Cql2Type.DateTime, "Last change (UTC).", Sortable: true),
    ]);

    private static readonly Dictionary<string, Cql2Queryables> ByLayer = OgcCatalog.Layers.ToDictionary(l => l.Id, FromLayer);

    /// <summary>The queryables of the collection <paramref name="collectionId"/>.</summary>
    public static Cql2Queryables For(string collectionId) =>
        collectionId == OgcCatalog.Incidents ? Incidents : ByLayer[collectionId];

    // A layer's queryables are its published properties (JSON ones excepted), its id and its geometry: the same SQL
    // expressions that write the feature, so a filter compares exactly what the client reads.
    private static Cql2Queryables FromLayer(OgcLayer layer)
    {
        var geometryFormat = layer.Id == "lines" ? "geometry-multilinestring" : "geometry-multipolygon";
        var list = new List<Cql2Queryable>
        {
            new("geometry", "t.geom", Cql2Type.Geometry, "The feature's geometry (WGS 84).", "primary-geometry", geometryFormat),
            new("id", "t.id", Cql2Type.Integer, "The row id.", "id", Sortable: true),
        };
        foreach (var p in layer.Properties)
        {
            Cql2Type? type = p.Type switch
            {
                OgcType.String => Cql2Type.String,
                OgcType.Integer => Cql2Type.Integer,
                OgcType.Number => Cql2Type.Number,
                OgcType.Boolean => Cql2Type.Boolean,
                OgcType.DateTime => Cql2Type.DateTime,
                _ => null,
            };
            if (type is { } t)
                list.Add(new(p.Name, p.Sql, t, p.Description, Sortable: p.Name is "slug" or "name"));
        }
        return new Cql2Queryables(layer.Id, layer.Title, "t.id", list);
    }

    /// <summary>
    /// The queryables as a JSON Schema (2020-12 dialect) of an object, as OGC API - Features Part 3 publishes them at
    /// /collections/{id}/queryables.
    /// </summary>
    public JsonObject Schema(string selfUrl)
    {
        var properties = new JsonObject();
        foreach (var q in All)
        {
            var p = new JsonObject { ["title"] = q.Name, ["description"] = q.Description };
            switch (q.Type)
            {
                case Cql2Type.String: p["type"] = "string"; break;
                case Cql2Type.Integer: p["type"] = "integer"; break;
                case Cql2Type.Number: p["type"] = "number"; break;
                case Cql2Type.Boolean: p["type"] = "boolean"; break;
                case Cql2Type.DateTime: p["type"] = "string"; p["format"] = "date-time"; break;
                case Cql2Type.Geometry: p["format"] = q.Format; break;
            }
            if (q.Role is { } role) p["x-ogc-role"] = role;
            properties[q.Name] = p;
        }
        return new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = selfUrl,
            ["type"] = "object",
            ["title"] = Title,
            ["description"] = "The properties of " + CollectionId + " that filter (CQL2), sortby and query parameters may name.",
            ["properties"] = properties,
            ["additionalProperties"] = false,
        };
    }
}
