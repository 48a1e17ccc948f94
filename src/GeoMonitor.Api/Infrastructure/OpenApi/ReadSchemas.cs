namespace GeoMonitor.Api.Infrastructure.OpenApi;

/// <summary>
/// The OpenAPI schemas of the read answers built as JSON text by SQL or by hand (locate, changes, disputes,
/// notifications, truce reports, the map's config and count), each naming its top-level members and their types;
/// members below that are described in the operation's text.
/// </summary>
public static class ReadSchemas
{
    /// <summary>GET /api/locate.</summary>
    public static readonly WireSchema Locate = new("Location", """
        {"type": "object", "required": ["lon", "lat", "at", "zones", "corridors", "truces", "custody", "blueLine"],
          "properties": {"lon": {"type": "number"}, "lat": {"type": "number"}, "at": {"type": "string", "format": "date-time"},
            "zones": {"type": "array", "items": {"type": "object", "required": ["slug", "name", "kind"], "properties": {"slug": {"type": "string"}, "name": {"type": "string"}, "kind": {"type": "string"}}}},
            "corridors": {"type": "array", "items": {"type": "object"}}, "truces": {"type": "array", "items": {"type": "object"}},
            "custody": {"type": "array", "items": {"type": "object"}},
            "blueLine": {"type": ["object", "null"], "properties": {"line": {"type": "string"}, "distanceM": {"type": "number"}, "side": {"type": ["string", "null"]}, "signedDistanceM": {"type": "number"}}}}}
        """);

    /// <summary>GET /api/changes.</summary>
    public static readonly WireSchema Changes = new("ChangesPage", """
        {"type": "object", "required": ["changes", "next", "more"],
          "properties": {"changes": {"type": "array", "items": {"type": "object", "required": ["position", "kind", "action", "at"],
              "properties": {"position": {"type": "string"}, "kind": {"type": "string"}, "id": {"type": ["integer", "string"]}, "version": {"type": ["integer", "null"]},
                "action": {"type": "string"}, "at": {"type": "string", "format": "date-time"}}}},
            "next": {"type": "string", "description": "The token of the next page (since=)."}, "more": {"type": "boolean"}}}
        """);

    /// <summary>One disputed point or stretch, with every party's claim.</summary>
    public static readonly WireSchema Dispute = new("Dispute", """
        {"type": "object", "required": ["slug", "name", "line", "kind", "claims"],
          "properties": {"slug": {"type": "string"}, "name": {"type": "string"}, "line": {"type": "string"}, "kind": {"type": "string"},
            "source": {"type": ["string", "null"]}, "note": {"type": ["string", "null"]}, "claims": {"type": "array", "items": {"type": "object"}},
            "separations": {"type": "array"}, "maxSeparationM": {"type": ["number", "null"]}, "positionsHeld": {"type": "boolean"}}}
        """);

    /// <summary>GET /api/disputes.</summary>
    public static readonly WireSchema Disputes = new("DisputeList", """
        {"type": "object", "required": ["disputes"], "properties": {"disputes": {"type": "array", "items": {"$ref": "#/components/schemas/Dispute"}}}}
        """, Dispute);

    /// <summary>GET /api/disputes/{slug}/claims/{party}: one party's position as a GeoJSON Feature.</summary>
    public static readonly WireSchema Claim = new("ClaimFeature", """
        {"type": "object", "required": ["type", "id", "geometry", "properties"],
          "properties": {"type": {"const": "Feature"}, "id": {"type": "string"}, "geometry": {"$ref": "#/components/schemas/Geometry"},
            "properties": {"type": "object", "required": ["dispute", "party", "line", "version", "recordedFrom"],
              "properties": {"dispute": {"type": "string"}, "party": {"type": "string"}, "line": {"type": "string"},
                "source": {"type": ["string", "null"]}, "note": {"type": ["string", "null"]}, "recordedAt": {"type": ["string", "null"], "format": "date-time"},
                "recordedBy": {"type": ["string", "null"]}, "version": {"type": "integer"}, "recordedFrom": {"type": "string", "format": "date-time"}}}}}
        """, GeoJsonSchemas.Geometry);

    /// <summary>GET /api/disputes/{slug}/claims/{party}/versions.</summary>
    public static readonly WireSchema ClaimVersions = new("ClaimVersions", """
        {"type": "object", "required": ["dispute", "party", "versions"],
          "properties": {"dispute": {"type": "string"}, "party": {"type": "string"},
            "versions": {"type": "array", "items": {"type": "object", "required": ["version", "change", "recordedFrom"],
              "properties": {"version": {"type": "integer"}, "change": {"type": "string", "enum": ["create", "update", "delete"]},
                "recordedFrom": {"type": "string", "format": "date-time"}, "recordedTo": {"type": ["string", "null"], "format": "date-time"},
                "recordedBy": {"type": ["string", "null"]}, "line": {"type": "string"}, "position": {"$ref": "#/components/schemas/Geometry"},
                "source": {"type": ["string", "null"]}, "note": {"type": ["string", "null"]},
                "diff": {"type": ["object", "null"], "properties": {"fromVersion": {"type": "integer"}, "movedM": {"type": "number"}}}}}}}}
        """, GeoJsonSchemas.Geometry);

    /// <summary>A pre-notification as a GeoJSON Feature.</summary>
    public static readonly WireSchema Notification = new("NotificationFeature", """
        {"type": "object", "required": ["type", "id", "geometry", "properties"],
          "properties": {"type": {"const": "Feature"}, "id": {"type": "integer"}, "geometry": {"$ref": "#/components/schemas/Geometry"},
            "properties": {"type": "object", "required": ["id", "organisation", "kind", "status", "start", "end", "version"],
              "properties": {"id": {"type": "integer"}, "organisation": {"type": "string"}, "kind": {"type": "string"},
                "status": {"type": "string", "enum": ["filed", "acknowledged", "withdrawn"]}, "start": {"type": "string", "format": "date-time"},
                "end": {"type": "string", "format": "date-time"}, "version": {"type": "integer"}, "conflicts": {"type": "array", "items": {"type": "object"}}}}}}
        """, GeoJsonSchemas.Geometry);

    /// <summary>GET /api/notifications.</summary>
    public static readonly WireSchema Notifications = new("NotificationFeatureCollection", """
        {"type": "object", "required": ["type", "numberReturned", "features", "links"],
          "properties": {"type": {"const": "FeatureCollection"}, "numberReturned": {"type": "integer"},
            "features": {"type": "array", "items": {"$ref": "#/components/schemas/NotificationFeature"}},
            "links": {"type": "array", "items": {"$ref": "#/components/schemas/Link"}}}}
        """, Notification, GeoJsonSchemas.Link);

    /// <summary>GET /api/notifications/{id}/conflicts.</summary>
    public static readonly WireSchema NotificationConflicts = new("NotificationConflicts", """
        {"type": "object", "required": ["id", "conflicts"], "properties": {"id": {"type": "integer"}, "conflicts": {"type": "array", "items": {"type": "object",
          "required": ["kind", "detail"], "properties": {"kind": {"type": "string"}, "slug": {"type": ["string", "null"]}, "detail": {"type": "string"}}}}}}
        """);

    /// <summary>GET /api/truces/{slug}/report.</summary>
    public static readonly WireSchema TruceReport = new("TruceReport", """
        {"type": "object", "required": ["truce", "zone", "lengthDays", "during", "before", "change"],
          "properties": {"truce": {"type": "object", "required": ["slug", "name", "start"], "properties": {"slug": {"type": "string"}, "name": {"type": "string"},
              "start": {"type": "string", "format": "date-time"}, "end": {"type": ["string", "null"], "format": "date-time"}, "openEnded": {"type": "boolean"}}},
            "zone": {"type": ["string", "null"]}, "scope": {}, "statuses": {"type": ["array", "null"], "items": {"type": "string"}}, "lengthDays": {"type": "number"},
            "during": {"$ref": "#/components/schemas/TruceReportWindow"}, "before": {"$ref": "#/components/schemas/TruceReportWindow"},
            "change": {"type": "object"}}}
        """, new WireSchema("TruceReportWindow", """
        {"type": "object", "required": ["from", "to", "total", "byDay", "byEventType", "byZone"],
          "properties": {"from": {"type": "string", "format": "date-time"}, "to": {"type": "string", "format": "date-time"}, "total": {"type": "integer"},
            "byDay": {"type": "array", "items": {"type": "object", "required": ["day", "start", "count"], "properties": {"day": {"type": "integer"}, "start": {"type": "string"}, "count": {"type": "integer"}}}},
            "byEventType": {"type": "object", "additionalProperties": {"type": "integer"}}, "byZone": {"type": "object", "additionalProperties": {"type": "integer"}},
            "preNotified": {"type": "integer"}, "notPreNotified": {"type": "integer"}}}
        """));

    /// <summary>GET /map/config.json (times as epoch milliseconds, as the map's slider uses them).</summary>
    public static readonly WireSchema MapConfig = new("MapConfig", """
        {"type": "object", "required": ["truces", "zones", "eventTypes", "statuses", "time", "keyed"],
          "properties": {"truces": {"type": "array", "items": {"type": "object", "required": ["slug", "name", "start"], "properties": {"slug": {"type": "string"}, "name": {"type": "string"},
              "start": {"type": "number"}, "end": {"type": ["number", "null"]}, "originalEnd": {"type": ["number", "null"]}}}},
            "zones": {"type": "array", "items": {"type": "object", "required": ["slug", "name", "kind"], "properties": {"slug": {"type": "string"}, "name": {"type": "string"}, "kind": {"type": "string"}}}},
            "eventTypes": {"type": "array", "items": {"type": "string"}}, "statuses": {"type": "array", "items": {"type": "string"}},
            "time": {"type": "object", "properties": {"start": {"type": ["number", "null"]}, "end": {"type": ["number", "null"]}}},
            "bounds": {"type": ["array", "null"], "items": {"type": "number"}}, "layersRecordedFrom": {"type": ["number", "null"]}, "keyed": {"type": "boolean"},
            "basemap": {"type": ["object", "null"]}}}
        """);

    /// <summary>GET /map/count.</summary>
    public static readonly WireSchema Count = new("MatchCount", """
        {"type": "object", "required": ["count"], "properties": {"count": {"type": "integer", "minimum": 0}}}
        """);
}
