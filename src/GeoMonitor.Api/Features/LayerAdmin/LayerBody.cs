using GeoMonitor.Api.Features.Common;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using GeoMonitor.Api.Features.Uploads;
using GeoMonitor.Geo.GeoJson;
using GeoMonitor.Geo.Validation;
using NetTopologySuite.Geometries;

namespace GeoMonitor.Api.Features.LayerAdmin;

/// <summary>
/// The body of a layer PUT, read as either a GeoJSON Feature (geometry + properties) or a plain JSON object (the
/// properties, with an optional <c>geometry</c> member). Property names match ignoring case and '_' (nameAr = name_ar).
/// Properties GeoMonitor has no column for are kept in the layer's <c>properties</c> document.
/// </summary>
public sealed class LayerBody
{
    private readonly Dictionary<string, JsonElement> _props = new();
    private readonly List<FieldError> _errors;

    private LayerBody(List<FieldError> errors) => _errors = errors;

    /// <summary>The geometry member (still GeoJSON), if any.</summary>
    public JsonElement? Geometry { get; private set; }

    /// <summary>Every property as sent, for the jsonb <c>properties</c> column.</summary>
    public JsonObject All { get; } = new();

    /// <summary>Reads the body; null (errors added) when it is neither shape.</summary>
    public static LayerBody? Read(JsonElement root, List<FieldError> errors)
    {
        if (root.ValueKind != JsonValueKind.Object) { errors.Add(new FieldError(null, "(body)", "must be a GeoJSON Feature or a JSON object")); return null; }
        var b = new LayerBody(errors);
        var isFeature = root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() == "Feature";
        JsonElement props = root;
        if (isFeature)
        {
            if (root.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object) props = p;
            else { errors.Add(new FieldError(null, "properties", "a Feature needs a properties object")); return null; }
        }
        if (root.TryGetProperty("geometry", out var g) && g.ValueKind != JsonValueKind.Null) b.Geometry = g;
        foreach (var p in props.EnumerateObject())
        {
            if (!isFeature && p.NameEquals("geometry")) continue;
            b._props[Key(p.Name)] = p.Value;
            b.All[p.Name] = JsonNode.Parse(p.Value.GetRawText());
        }
        return b;
    }

    private static string Key(string name) => name.Replace("_", "").ToLowerInvariant();

    /// <summary>Whether a property was sent (and is not null).</summary>
    public bool Has(string name) => _props.TryGetValue(Key(name), out var v) && v.ValueKind != JsonValueKind.Null;

    /// <summary>The raw property.</summary>
    public JsonElement? Raw(string name) => _props.TryGetValue(Key(name), out var v) && v.ValueKind != JsonValueKind.Null ? v : null;

    /// <summary>Adds an error for every property sent that is not one of <paramref name="known"/> (a misspelt member must not be dropped silently).</summary>
    public void RefuseOthers(IReadOnlyCollection<string> known, string what)
    {
        foreach (var name in All.Select(p => p.Key))
            if (!known.Any(k => Key(k) == Key(name)))
                _errors.Add(new FieldError(null, name, $"is not a member of {what} (known: {string.Join(", ", known)})"));
    }

    /// <summary>A string property; required ones add an error when missing.</summary>
    public string? Text(string name, bool required = false, int max = 200)
    {
        if (Raw(name) is not { } v) { if (required) _errors.Add(new FieldError(null, name, "is required")); return null; }
        if (v.ValueKind != JsonValueKind.String) { _errors.Add(new FieldError(null, name, "must be a string")); return null; }
        var s = v.GetString()!;
        if (s.Length == 0 || s.Length > max) { _errors.Add(new FieldError(null, name, $"must be 1 to {max} characters")); return null; }
        if (IncidentParser.Unstorable(s) is { } why) { _errors.Add(new FieldError(null, name, why)); return null; }
        return s;
    }

    /// <summary>A property naming something by its slug (lower-case letters, digits and '-', at most 80 characters).</summary>
    public string? Slug(string name, bool required = false)
    {
        var s = Text(name, required, max: 80);
        if (s is null || LayerInputs.IsSlug(s)) return s;
        _errors.Add(new FieldError(null, name, $"'{s}' is not a slug (lower-case letters, digits and '-', at most 80 characters)"));
        return null;
    }

    /// <summary>The source: a string, or a list of strings joined with "; ".</summary>
    public string? Source()
    {
        if (Raw("source") is { ValueKind: JsonValueKind.Array } a && a.EnumerateArray().All(x => x.ValueKind == JsonValueKind.String))
            return string.Join("; ", a.EnumerateArray().Select(x => x.GetString()));
        return Text("source", required: true, max: 4000);
    }

    /// <summary>A number property in (min, max].</summary>
    public double? Number(string name, double min, double max, bool required = false)
    {
        if (Raw(name) is not { } v) { if (required) _errors.Add(new FieldError(null, name, "is required")); return null; }
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetDouble(out var d) || !double.IsFinite(d)) { _errors.Add(new FieldError(null, name, "must be a finite number")); return null; }
        if (d <= min || d > max) { _errors.Add(new FieldError(null, name, string.Create(CultureInfo.InvariantCulture, $"must be more than {min} and at most {max}"))); return null; }
        return d;
    }

    /// <summary>A boolean property (false when absent).</summary>
    public bool Flag(string name)
    {
        if (Raw(name) is not { } v) return false;
        if (v.ValueKind is JsonValueKind.True or JsonValueKind.False) return v.GetBoolean();
        _errors.Add(new FieldError(null, name, "must be true or false"));
        return false;
    }

    /// <summary>An instant (ISO 8601 with offset, or a date).</summary>
    public DateTime? Time(string name, bool required = false)
    {
        if (Raw(name) is not { } v) { if (required) _errors.Add(new FieldError(null, name, "is required")); return null; }
        if (v.ValueKind != JsonValueKind.String) { _errors.Add(new FieldError(null, name, "must be an ISO 8601 string")); return null; }
        var t = IncidentParser.ParseTime(v.GetString()!, out var error);
        if (t is null) _errors.Add(new FieldError(null, name, error!));
        return t;
    }

    /// <summary>One of a fixed set of words.</summary>
    public string? OneOf(string name, string[] allowed, string? fallback = null)
    {
        if (Raw(name) is null) { if (fallback is null) _errors.Add(new FieldError(null, name, $"is required: one of {string.Join(", ", allowed)}")); return fallback; }
        var s = Text(name);
        if (s is not null && !allowed.Contains(s)) { _errors.Add(new FieldError(null, name, $"'{s}' is not one of {string.Join(", ", allowed)}")); return null; }
        return s;
    }

    /// <summary>A list of strings.</summary>
    public string[]? Strings(string name)
    {
        if (Raw(name) is not { } v) return null;
        if (v.ValueKind != JsonValueKind.Array || v.EnumerateArray().Any(x => x.ValueKind != JsonValueKind.String))
        {
            _errors.Add(new FieldError(null, name, "must be an array of strings"));
            return null;
        }
        return [.. v.EnumerateArray().Select(x => x.GetString()!)];
    }

    /// <summary>
    /// The geometry, read strictly (RFC 7946) and checked: of one of <paramref name="types"/> and valid (NTS IsValidOp).
    /// An invalid polygon is an error naming the reason and where, unless <paramref name="makeValid"/> asks for the repair.
    /// </summary>
    public Geometry? ReadGeometry(string[] types, bool makeValid)
    {
        if (Geometry is not { } g) { _errors.Add(new FieldError(null, "geometry", $"is required: a GeoJSON {string.Join(" or ", types)}")); return null; }
        Geometry geometry;
        try { geometry = new GeoJsonReader().ReadGeometry(g); }
        catch (GeoJsonException e) { _errors.Add(new FieldError(null, "geometry", $"{e.Problem} (at {e.Path})")); return null; }
        if (!types.Contains(geometry.GeometryType)) { _errors.Add(new FieldError(null, "geometry", $"must be a {string.Join(" or ", types)}, not a {geometry.GeometryType}")); return null; }
        if (geometry.IsEmpty) { _errors.Add(new FieldError(null, "geometry", "is empty")); return null; }
        var check = GeometryValidator.Validate(geometry);
        if (check.IsValid) return geometry;
        if (!makeValid)
        {
            _errors.Add(new FieldError(null, "geometry", $"{check.Message}; fix the geometry, or send ?makeValid=true to have it repaired"));
            return null;
        }
        var repaired = GeometryValidator.MakeValid(geometry);
        if (repaired.IsEmpty)
        {
            _errors.Add(new FieldError(null, "geometry", $"{check.Message}; nothing valid is left after the repair"));
            return null;
        }
        return repaired;
    }
}
