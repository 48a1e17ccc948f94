using GeoMonitor.Api.Infrastructure.OpenApi;

namespace GeoMonitor.Api.Features.Incidents;

/// <summary>
/// The OpenAPI schemas of what <see cref="IncidentColumns.WriteFeature"/> and <see cref="IncidentStreamResult"/> write
/// (streamed by hand, so no C# type describes them), and of the report an upload reads.
/// </summary>
public static class IncidentSchemas
{
    /// <summary>One incident as a GeoJSON Feature (IncidentColumns.WriteFeature).</summary>
    public static readonly WireSchema Feature = new("IncidentFeature", """
        {
          "type": "object",
          "required": ["type", "id", "geometry", "properties"],
          "properties": {
            "type": {"const": "Feature"},
            "id": {"type": "integer", "format": "int64"},
            "geometry": {
              "type": "object", "required": ["type", "coordinates"],
              "properties": {"type": {"const": "Point"}, "coordinates": {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2}}
            },
            "properties": {
              "type": "object",
              "required": ["id", "source", "externalId", "occurredAt", "timePrecision", "eventType", "subEventType", "actor1", "actor2",
                "fatalities", "status", "disputed", "geoPrecision", "uncertaintyM", "locationName", "notes", "blueLineDistanceM",
                "blueLineSide", "zones", "corridors", "truces", "version", "updatedAt"],
              "properties": {
                "id": {"type": "integer", "format": "int64"},
                "source": {"type": "string"},
                "externalId": {"type": "string"},
                "occurredAt": {"type": "string", "format": "date-time"},
                "timePrecision": {"type": "integer", "description": "ACLED: 1 the day, 2 the week, 3 the month."},
                "eventType": {"type": "string"},
                "subEventType": {"type": "string"},
                "actor1": {"type": ["string", "null"]},
                "actor2": {"type": ["string", "null"]},
                "fatalities": {"type": "integer"},
                "status": {"type": "string", "description": "The state in the verification lifecycle (published_verified, published_disputed, reported, …)."},
                "disputed": {"type": "boolean"},
                "geoPrecision": {"type": "integer", "description": "ACLED: 1 the place, 2 near it, 3 a larger region."},
                "uncertaintyM": {"type": ["number", "null"]},
                "locationName": {"type": ["string", "null"]},
                "notes": {"type": ["string", "null"]},
                "blueLineDistanceM": {"type": ["number", "null"], "description": "Geodesic distance to the Blue Line, metres."},
                "blueLineSide": {"type": ["string", "null"], "enum": ["north", "south", null]},
                "zones": {"type": "array", "items": {"type": "string"}},
                "corridors": {"type": "array", "items": {"type": "string"}},
                "truces": {"type": "array", "items": {"type": "string"}},
                "version": {"type": "integer"},
                "updatedAt": {"type": "string", "format": "date-time"}
              }
            }
          }
        }
        """);

    /// <summary>A page of incidents (IncidentStreamResult: provenance first, numberReturned and links last).</summary>
    public static readonly WireSchema FeatureCollection = new("IncidentFeatureCollection", """
        {
          "type": "object",
          "required": ["type", "timeStamp", "licence", "generatedAt", "permalink", "features", "sources", "numberReturned", "links"],
          "properties": {
            "type": {"const": "FeatureCollection"},
            "timeStamp": {"type": "string", "format": "date-time"},
            "licence": {
              "type": "object", "required": ["name", "url", "attribution"],
              "properties": {"name": {"type": "string"}, "url": {"type": "string"}, "attribution": {"type": "string"}}
            },
            "generatedAt": {"type": "string", "format": "date-time"},
            "permalink": {"type": "string", "description": "This query with its upper time bound fixed, so it answers the same later."},
            "features": {"type": "array", "items": {"$ref": "#/components/schemas/IncidentFeature"}},
            "sources": {
              "type": "array",
              "items": {"type": "object", "required": ["source", "features"], "properties": {"source": {"type": "string"}, "features": {"type": "integer"}}}
            },
            "numberReturned": {"type": "integer"},
            "links": {"type": "array", "items": {"$ref": "#/components/schemas/Link"}, "description": "self, and next while more match (its cursor continues the page)."}
          },
          "examples": [{
            "type": "FeatureCollection", "timeStamp": "2026-05-08T09:00:00Z",
            "licence": {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/", "attribution": "GeoMonitor."},
            "generatedAt": "2026-05-08T09:00:00Z",
            "permalink": "https://geomonitor.example/api/incidents?zone=withdrawal-phase1-west&truce=ceasefire-2026-04&to=2026-05-08T09%3A00%3A00Z",
            "features": [{
              "type": "Feature", "id": 17, "geometry": {"type": "Point", "coordinates": [35.2861, 33.1067]},
              "properties": {"id": 17, "source": "sample", "externalId": "sample-0017", "occurredAt": "2026-04-18T12:00:00Z", "timePrecision": 1,
                "eventType": "Explosions/Remote violence", "subEventType": "Air/drone strike", "actor1": null, "actor2": null, "fatalities": 0,
                "status": "published_verified", "disputed": false, "geoPrecision": 1, "uncertaintyM": null, "locationName": "Naqoura",
                "notes": null, "blueLineDistanceM": 3012.4, "blueLineSide": "north", "zones": ["unsc-1701-area", "withdrawal-phase1-west"],
                "corridors": [], "truces": ["ceasefire-2026-04"], "version": 1, "updatedAt": "2026-04-18T12:05:00Z"}
            }],
            "sources": [{"source": "sample", "features": 1}],
            "numberReturned": 1,
            "links": [{"href": "https://geomonitor.example/api/incidents?zone=withdrawal-phase1-west&truce=ceasefire-2026-04", "rel": "self", "type": "application/geo+json"}]
          }]
        }
        """, Feature, GeoJsonSchemas.Link);

    /// <summary>One report to upload (JSON object, or a GeoJSON Feature with these as properties and a Point).</summary>
    public static readonly WireSchema Report = new("IncidentReport", """
        {
          "type": "object",
          "description": "One report. Field names also match ACLED's columns (event_date, event_type, …) ignoring case, '_' and '-'. The location is exactly one of: lon + lat; coordinate (decimal degrees, DMS, UTM or MGRS text); mgrs; x + y + crs (an EPSG code); or, as a GeoJSON Feature, a Point geometry with the other fields as properties. Every field is checked by the API, which answers 422 listing each invalid one.",
          "properties": {
            "type": {"type": "string", "description": "\"Feature\" when sent as a GeoJSON Feature."},
            "geometry": {"$ref": "#/components/schemas/Geometry"},
            "properties": {"type": "object", "description": "The fields, when sent as a GeoJSON Feature."},
            "source": {"type": "string", "description": "Who reports it; with externalId the key that makes uploads idempotent."},
            "externalId": {"type": "string"},
            "occurredAt": {"type": "string", "description": "ISO 8601 with offset, or a date."},
            "timePrecision": {"type": "integer", "minimum": 1, "maximum": 3},
            "eventType": {"type": "string", "description": "An ACLED event type."},
            "subEventType": {"type": "string", "description": "An ACLED sub-event type of that event type."},
            "actor1": {"type": ["string", "null"]},
            "actor2": {"type": ["string", "null"]},
            "fatalities": {"type": "integer", "minimum": 0},
            "geoPrecision": {"type": "integer", "minimum": 1, "maximum": 3},
            "uncertaintyM": {"type": ["number", "null"], "minimum": 0},
            "locationName": {"type": ["string", "null"]},
            "notes": {"type": ["string", "null"]},
            "lon": {"type": ["number", "string"]},
            "lat": {"type": ["number", "string"]},
            "coordinate": {"type": "string", "examples": ["33°09'00\"N 35°24'00\"E", "36S 721234 3671234"]},
            "mgrs": {"type": "string"},
            "x": {"type": ["number", "string"]},
            "y": {"type": ["number", "string"]},
            "crs": {"type": ["string", "integer"], "description": "EPSG code of x/y (e.g. 2039, 32636, EPSG:3857)."}
          },
          "examples": [{"source": "unifil-sector-west", "externalId": "2026-04-18-0042", "occurredAt": "2026-04-18T12:00:00+03:00",
            "eventType": "Explosions/Remote violence", "subEventType": "Shelling/artillery/missile attack", "fatalities": 0, "lon": 35.2861, "lat": 33.1067}]
        }
        """, GeoJsonSchemas.Geometry);

    /// <summary>A batch: a JSON array of reports, or a GeoJSON FeatureCollection of them.</summary>
    public static readonly WireSchema Batch = new("IncidentBatch", """
        {
          "oneOf": [
            {"type": "array", "items": {"$ref": "#/components/schemas/IncidentReport"}},
            {"type": "object", "required": ["type", "features"], "properties": {"type": {"const": "FeatureCollection"}, "features": {"type": "array", "items": {"$ref": "#/components/schemas/IncidentReport"}}}}
          ]
        }
        """, Report);
}
