using System.Globalization;
using System.Text.Json;

namespace GeoMonitor.Api.Features.Uploads;

/// <summary>
/// A field as it arrived: the text of a CSV cell, or a JSON value. JSON is typed strictly (a number must be a
/// JSON number); CSV cells are text, so numbers there are parsed with the invariant culture.
/// </summary>
public readonly struct RawValue
{
    private readonly string? _text;
    private readonly JsonElement _json;
    private readonly bool _isJson;

    private RawValue(string? text, JsonElement json, bool isJson) => (_text, _json, _isJson) = (text, json, isJson);

    /// <summary>A CSV cell.</summary>
    public static RawValue Text(string text) => new(text, default, false);

    /// <summary>A JSON value (cloned by the caller when it must outlive its document).</summary>
    public static RawValue Json(JsonElement value) => new(null, value, true);

    /// <summary>True for JSON null, an empty CSV cell, or a cell of blanks.</summary>
    public bool IsEmpty => _isJson ? _json.ValueKind == JsonValueKind.Null : string.IsNullOrWhiteSpace(_text);

    /// <summary>The value as written, for raw_coordinate and error messages.</summary>
    public string Raw => _isJson ? (_json.ValueKind == JsonValueKind.String ? _json.GetString() ?? "" : _json.GetRawText()) : _text ?? "";

    /// <summary>Reads text; false (with a reason) when a JSON value of another type was sent.</summary>
    public bool TryString(out string value, out string? error)
    {
        error = null;
        if (!_isJson) { value = _text ?? ""; return true; }
        value = "";
        if (_json.ValueKind != JsonValueKind.String) { error = $"must be a string, not {Kind(_json)}"; return false; }
        try { value = _json.GetString()!; }
        catch (InvalidOperationException) { error = "contains an invalid escape (a lone UTF-16 surrogate)"; return false; }
        return true;
    }

    /// <summary>Reads a finite number.</summary>
    public bool TryDouble(out double value, out string? error)
    {
        error = null;
        value = 0;
        if (_isJson)
        {
            if (_json.ValueKind != JsonValueKind.Number) { error = $"must be a number, not {Kind(_json)}"; return false; }
            if (!_json.TryGetDouble(out value) || !double.IsFinite(value)) { error = $"{_json.GetRawText()} is not a finite number"; return false; }
            return true;
        }
        var s = (_text ?? "").Trim();
        // NumberStyles.Float accepts "NaN" and "Infinity" in the invariant culture: checked below.
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
        {
            error = s.Contains(',') && !s.Contains('.') ? $"'{s}' is not a number (use a decimal point, not a comma)" : $"'{s}' is not a number";
            return false;
        }
        if (!double.IsFinite(value)) { error = $"'{s}' is not a finite number"; return false; }
        return true;
    }

    /// <summary>Reads a whole number in the range of int.</summary>
    public bool TryInt(out int value, out string? error)
    {
        error = null;
        value = 0;
        if (_isJson)
        {
            if (_json.ValueKind != JsonValueKind.Number) { error = $"must be a whole number, not {Kind(_json)}"; return false; }
            if (!_json.TryGetInt32(out value)) { error = $"{_json.GetRawText()} is not a whole number in range"; return false; }
            return true;
        }
        var s = (_text ?? "").Trim();
        if (!int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
        {
            error = $"'{s}' is not a whole number";
            return false;
        }
        return true;
    }

    private static string Kind(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
