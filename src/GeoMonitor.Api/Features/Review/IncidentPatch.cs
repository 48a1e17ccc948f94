using GeoMonitor.Api.Features.Common;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using GeoMonitor.Api.Features.Uploads;

namespace GeoMonitor.Api.Features.Review;

/// <summary>
/// JSON merge patch (RFC 7396) over an incident's fields: a member sets a field, null clears an optional one.
/// The merged report is validated exactly like an upload. Sending any location field replaces the location
/// (in any accepted form); source and externalId are the idempotency key and cannot change; status changes by review.
/// </summary>
public static class IncidentPatch
{
    /// <summary>The merged, validated incident; null with errors when the patch is not acceptable.</summary>
    public static NewIncident? Apply(IncidentRecord current, JsonElement patch, IncidentParser parser, List<FieldError> errors)
    {
        if (patch.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new FieldError(null, "(body)", "a merge patch of an incident is a JSON object of the fields to change"));
            return null;
        }
        var fields = Fields(current.ToNewIncident());
        var location = new Dictionary<string, RawValue>();
        var locationCleared = false;
        foreach (var p in patch.EnumerateObject())
        {
            var name = IncidentFields.Canonical(p.Name);
            if (name is null) { errors.Add(new FieldError(null, p.Name, JsonReports.Unknown(p.Name))); continue; }
            if (name is IncidentFields.Source or IncidentFields.ExternalId)
            {
                errors.Add(new FieldError(null, p.Name, "source and externalId identify the report and cannot be changed"));
                continue;
            }
            if (IncidentFields.LocationFields.Contains(name))
            {
                if (p.Value.ValueKind == JsonValueKind.Null) locationCleared = true;
                else location[name] = RawValue.Json(p.Value);
                continue;
            }
            if (p.Value.ValueKind == JsonValueKind.Null) fields.Remove(name);
            else fields[name] = RawValue.Json(p.Value);
        }
        if (locationCleared && location.Count == 0)
            errors.Add(new FieldError(null, IncidentFields.Location, "the location cannot be removed; send the new location instead"));
        if (errors.Count > 0) return null;

        ResolvedLocation? point = null;
        if (location.Count > 0) foreach (var (k, v) in location) fields[k] = v;
        else point = new ResolvedLocation(current.Location.Lon, current.Location.Lat, current.Location.Raw ?? "", current.Location.RawCrs ?? "");
        return parser.Parse(fields, errors, null, point);
    }

    /// <summary>The revision of a correction: each changed field as {"from": old, "to": new}.</summary>
    public static JsonObject Changes(NewIncident before, NewIncident after)
    {
        var o = new JsonObject();
        foreach (var f in after.DifferencesFrom(before))
            o[f] = new JsonObject { ["from"] = Value(before, f), ["to"] = Value(after, f) };
        return o;
    }

    private static JsonNode? Value(NewIncident n, string field) => field switch
    {
        IncidentFields.OccurredAt => n.OccurredAt.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
        IncidentFields.TimePrecision => n.TimePrecision,
        IncidentFields.Location => new JsonObject { ["lon"] = n.Lon, ["lat"] = n.Lat, ["raw"] = n.RawCoordinate, ["rawCrs"] = n.RawCrs },
        IncidentFields.GeoPrecision => n.GeoPrecision,
        IncidentFields.UncertaintyM => n.UncertaintyM,
        IncidentFields.EventType => n.EventType,
        IncidentFields.SubEventType => n.SubEventType,
        IncidentFields.Actor1 => n.Actor1,
        IncidentFields.Actor2 => n.Actor2,
        IncidentFields.Fatalities => n.Fatalities,
        IncidentFields.LocationName => n.LocationName,
        IncidentFields.Notes => n.Notes,
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, null),
    };

    // The stored report as fields, so that the merged result goes through the same validation as an upload.
    private static Dictionary<string, RawValue> Fields(NewIncident n)
    {
        var inv = CultureInfo.InvariantCulture;
        var d = new Dictionary<string, RawValue>
        {
            [IncidentFields.Source] = RawValue.Text(n.Source),
            [IncidentFields.ExternalId] = RawValue.Text(n.ExternalId),
            [IncidentFields.OccurredAt] = RawValue.Text(n.OccurredAt.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", inv)),
            [IncidentFields.TimePrecision] = RawValue.Text(n.TimePrecision.ToString(inv)),
            [IncidentFields.GeoPrecision] = RawValue.Text(n.GeoPrecision.ToString(inv)),
            [IncidentFields.EventType] = RawValue.Text(n.EventType),
            [IncidentFields.SubEventType] = RawValue.Text(n.SubEventType),
            [IncidentFields.Fatalities] = RawValue.Text(n.Fatalities.ToString(inv)),
        };
        if (n.UncertaintyM is { } u) d[IncidentFields.UncertaintyM] = RawValue.Text(u.ToString("R", inv));
        if (n.Actor1 is not null) d[IncidentFields.Actor1] = RawValue.Text(n.Actor1);
        if (n.Actor2 is not null) d[IncidentFields.Actor2] = RawValue.Text(n.Actor2);
        if (n.LocationName is not null) d[IncidentFields.LocationName] = RawValue.Text(n.LocationName);
        if (n.Notes is not null) d[IncidentFields.Notes] = RawValue.Text(n.Notes);
        return d;
    }
}
