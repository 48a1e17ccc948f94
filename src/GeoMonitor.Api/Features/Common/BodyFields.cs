using System.Globalization;
using System.Text.Json;
using GeoMonitor.Api.Features.Uploads;

namespace GeoMonitor.Api.Features.Common;

/// <summary>
/// A small JSON object body read strictly, for the writes whose bodies are a handful of named fields (an assignment, a
/// verification, a note, a team, a clarification): a field it does not know is an error (a misspelt "finding" must not be
/// silently dropped), and each getter adds a <see cref="FieldError"/> naming the field for a wrong value. Null counts as
/// absent. The same reader serves REST bodies and GraphQL inputs (<c>InputJson</c>), so both refuse with one message.
/// </summary>
public sealed class BodyFields
{
    private readonly Dictionary<string, JsonElement> _fields = new(StringComparer.Ordinal);
    private readonly List<FieldError> _errors;

    private BodyFields(List<FieldError> errors) => _errors = errors;

    /// <summary>
    /// Reads <paramref name="body"/>: a JSON object whose members are among <paramref name="known"/>; null (with an error)
    /// when it is not an object. <paramref name="what"/> names the body in messages ("a verification").
    /// </summary>
    public static BodyFields? Read(JsonElement body, List<FieldError> errors, string what, params string[] known)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new FieldError(null, "(body)", $"{what} is a JSON object with {string.Join(", ", known)}"));
            return null;
        }
        var b = new BodyFields(errors);
        foreach (var p in body.EnumerateObject())
        {
            if (!known.Contains(p.Name, StringComparer.Ordinal))
                errors.Add(new FieldError(null, p.Name, $"unknown field; {what} has {string.Join(", ", known)}"));
            else if (p.Value.ValueKind != JsonValueKind.Null) b._fields[p.Name] = p.Value;
        }
        return b;
    }

    /// <summary>Whether the field was sent (and is not null).</summary>
    public bool Has(string name) => _fields.ContainsKey(name);

    /// <summary>A string of 1 to <paramref name="max"/> characters (storable as PostgreSQL text).</summary>
    public string? Text(string name, bool required = false, int max = 4000)
    {
        if (!_fields.TryGetValue(name, out var v)) return Missing<string>(name, required);
        if (v.ValueKind != JsonValueKind.String) return Error<string>(name, "must be a string");
        var s = v.GetString()!;
        if (s.Trim().Length == 0) return required ? Error<string>(name, "must not be empty") : null;
        if (s.Length > max) return Error<string>(name, $"is longer than {max} characters");
        if (IncidentParser.Unstorable(s) is { } why) return Error<string>(name, why);
        return s;
    }

    /// <summary>One of <paramref name="allowed"/>.</summary>
    public string? OneOf(string name, IReadOnlyCollection<string> allowed, bool required = true)
    {
        if (!_fields.TryGetValue(name, out var v)) return required ? Error<string>(name, $"is required: one of {string.Join(", ", allowed)}") : null;
        if (v.ValueKind != JsonValueKind.String || !allowed.Contains(v.GetString()!))
            return Error<string>(name, $"must be one of {string.Join(", ", allowed)}");
        return v.GetString();
    }

    /// <summary>A slug (lower-case letters, digits and '-', at most 80 characters).</summary>
    public string? Slug(string name, bool required = true)
    {
        var s = Text(name, required, 80);
        if (s is not null && !IsSlug(s)) return Error<string>(name, $"'{s}' is not a slug: lower-case letters, digits and '-', at most 80 characters");
        return s;
    }

    /// <summary>A list of at most <paramref name="maxItems"/> distinct strings of 1 to <paramref name="max"/> characters.</summary>
    public string[]? Strings(string name, int maxItems, int max = 2000)
    {
        if (!_fields.TryGetValue(name, out var v)) return null;
        if (v.ValueKind != JsonValueKind.Array || v.EnumerateArray().Any(x => x.ValueKind != JsonValueKind.String))
            return Error<string[]>(name, "must be an array of strings");
        var items = v.EnumerateArray().Select(x => x.GetString()!).ToArray();
        if (items.Length > maxItems) return Error<string[]>(name, $"has more than {maxItems} items");
        if (items.FirstOrDefault(s => s.Length == 0 || s.Length > max || IncidentParser.Unstorable(s) is not null) is { } bad)
            return Error<string[]>(name, bad.Length == 0 ? "has an empty item" : IncidentParser.Unstorable(bad) ?? $"has an item longer than {max} characters");
        return [.. items.Distinct(StringComparer.Ordinal)];
    }

    /// <summary>A finite number in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public double? Number(string name, double min, double max, bool required = false)
    {
        if (!_fields.TryGetValue(name, out var v)) return Missing<double?>(name, required);
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetDouble(out var d) || !double.IsFinite(d)) return Error<double?>(name, "must be a finite number");
        if (d < min || d > max) return Error<double?>(name, string.Create(CultureInfo.InvariantCulture, $"must be from {min} to {max}"));
        return d;
    }

    /// <summary>A positive integer (an id).</summary>
    public long? Id(string name, bool required = false)
    {
        if (!_fields.TryGetValue(name, out var v)) return Missing<long?>(name, required);
        // GraphQL sends IDs as strings; REST clients send numbers. Both mean the same id.
        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) && n > 0) return n;
        if (v.ValueKind == JsonValueKind.String && long.TryParse(v.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out n) && n > 0) return n;
        return Error<long?>(name, "must be a positive integer id");
    }

    /// <summary>An instant: ISO 8601 with an offset, or a date (midnight UTC).</summary>
    public DateTime? Instant(string name, bool required = false)
    {
        if (!_fields.TryGetValue(name, out var v)) return Missing<DateTime?>(name, required);
        if (v.ValueKind != JsonValueKind.String) return Error<DateTime?>(name, "must be an ISO 8601 string");
        var t = IncidentParser.ParseTime(v.GetString()!, out var error);
        return t ?? Error<DateTime?>(name, error!);
    }

    /// <summary>Whether <paramref name="s"/> is a slug.</summary>
    public static bool IsSlug(string s) => s.Length is >= 1 and <= 80 && (char.IsAsciiLetterLower(s[0]) || char.IsAsciiDigit(s[0]))
        && s.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');

    private T? Missing<T>(string name, bool required) => required ? Error<T>(name, "is required") : default;

    private T? Error<T>(string name, string message)
    {
        _errors.Add(new FieldError(null, name, message));
        return default;
    }
}
