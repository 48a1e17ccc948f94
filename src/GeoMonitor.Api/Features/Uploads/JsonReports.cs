using GeoMonitor.Api.Features.Common;
using System.Globalization;
using System.Text.Json;

namespace GeoMonitor.Api.Features.Uploads;

/// <summary>One report read from JSON: its fields by canonical name, and the location if a Point geometry gave it.</summary>
public sealed record ReportFields(Dictionary<string, RawValue> Fields, ResolvedLocation? Point);

/// <summary>
/// Reads a report from a plain JSON object or a GeoJSON Feature (Point geometry, or null geometry with the location
/// in the properties). Unknown fields are refused rather than dropped, so that nothing a team sent is silently lost.
/// </summary>
public static class JsonReports
{
    private static readonly HashSet<string> FeatureMembers = ["type", "geometry", "properties", "id", "bbox"];

    /// <summary>Reads one report; returns null (errors added) when its shape is wrong.</summary>
    public static ReportFields? Read(JsonElement e, int? row, List<FieldError> errors)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new FieldError(row, "(report)", "a report must be a JSON object or a GeoJSON Feature"));
            return null;
        }
        var before = errors.Count;
        var fields = new Dictionary<string, RawValue>();
        ResolvedLocation? point = null;
        if (e.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "Feature")
        {
            foreach (var p in e.EnumerateObject())
                if (!FeatureMembers.Contains(p.Name))
                    errors.Add(new FieldError(row, p.Name, "unknown member of the Feature; put report fields in properties"));
            if (e.TryGetProperty("properties", out var props) && props.ValueKind is not JsonValueKind.Null)
            {
                if (props.ValueKind != JsonValueKind.Object) errors.Add(new FieldError(row, "properties", "must be an object"));
                else AddFields(props, fields, row, errors);
            }
            if (e.TryGetProperty("geometry", out var g) && g.ValueKind != JsonValueKind.Null) point = ReadPoint(g, row, errors);
            else if (!e.TryGetProperty("geometry", out _)) errors.Add(new FieldError(row, "geometry", "a Feature needs a geometry member (a Point, or null with the location in properties)"));
            if (e.TryGetProperty("id", out var id) && !fields.ContainsKey(IncidentFields.ExternalId)
                && id.ValueKind is JsonValueKind.String or JsonValueKind.Number)
                fields[IncidentFields.ExternalId] = RawValue.Text(id.ValueKind == JsonValueKind.String ? id.GetString()! : id.GetRawText());
        }
        else if (e.TryGetProperty("type", out _))
            errors.Add(new FieldError(row, "type", "a report is a plain JSON object or a GeoJSON Feature (\"type\": \"Feature\")"));
        else AddFields(e, fields, row, errors);
        return errors.Count > before ? null : new ReportFields(fields, point);
    }

    /// <summary>Maps each member to its canonical field, refusing unknown and repeated fields.</summary>
    public static void AddFields(JsonElement obj, Dictionary<string, RawValue> fields, int? row, List<FieldError> errors)
    {
        foreach (var p in obj.EnumerateObject())
        {
            var name = IncidentFields.Canonical(p.Name);
            if (name is null) { errors.Add(new FieldError(row, p.Name, Unknown(p.Name))); continue; }
            if (!fields.TryAdd(name, RawValue.Json(p.Value)))
                errors.Add(new FieldError(row, p.Name, $"gives {name} a second time"));
        }
    }

    /// <summary>Why a field name is refused.</summary>
    public static string Unknown(string name) => name.ToLowerInvariant() switch
    {
        "status" => "status is set by review (POST /api/incidents/{id}/review), not by upload",
        "id" or "version" => $"{name} is assigned by the server",
        _ => $"unknown field; known fields: {string.Join(", ", IncidentFields.All)}",
    };

    private static ResolvedLocation? ReadPoint(JsonElement g, int? row, List<FieldError> errors)
    {
        if (g.ValueKind != JsonValueKind.Object || !g.TryGetProperty("type", out var t) || t.ValueKind != JsonValueKind.String)
        {
            errors.Add(new FieldError(row, "geometry", "must be a GeoJSON geometry object or null"));
            return null;
        }
        if (t.GetString() != "Point")
        {
            errors.Add(new FieldError(row, "geometry", $"an incident is a Point, not a {t.GetString()}"));
            return null;
        }
        if (!g.TryGetProperty("coordinates", out var c) || c.ValueKind != JsonValueKind.Array || c.GetArrayLength() != 2
            || c[0].ValueKind != JsonValueKind.Number || c[1].ValueKind != JsonValueKind.Number)
        {
            errors.Add(new FieldError(row, "geometry", "a Point's coordinates must be [longitude, latitude] (two numbers; altitude is not stored)"));
            return null;
        }
        if (!c[0].TryGetDouble(out var lon) || !c[1].TryGetDouble(out var lat) || !double.IsFinite(lon) || !double.IsFinite(lat))
        {
            errors.Add(new FieldError(row, "geometry", "the coordinates are not finite numbers"));
            return null;
        }
        return new ResolvedLocation(lon, lat, string.Create(CultureInfo.InvariantCulture, $"[{c[0].GetRawText()}, {c[1].GetRawText()}]"), "EPSG:4326");
    }
}
