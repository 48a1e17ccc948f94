using System.Collections;
using System.Globalization;
using System.Text.Json;

namespace GeoMonitor.GraphQL.Types;

/// <summary>Renders values in error messages the way graphql-js's inspect() does, so messages read the same.</summary>
internal static class Inspect
{
    public static string Value(object? value, int depth = 0)
    {
        switch (value)
        {
            case null: return "null";
            case string s: return System.Text.Json.JsonSerializer.Serialize(s);
            case bool b: return b ? "true" : "false";
            case double d: return d.ToString("R", CultureInfo.InvariantCulture);
            case float f: return f.ToString("R", CultureInfo.InvariantCulture);
            case IFormattable n when IsNumber(value): return n.ToString(null, CultureInfo.InvariantCulture);
            case JsonElement e: return e.ValueKind == JsonValueKind.Undefined ? "undefined" : e.GetRawText();
            case IDictionary dict:
                if (depth > 2) return "[Object]";
                if (dict.Count == 0) return "{}";
                return "{ " + string.Join(", ", dict.Keys.Cast<object>().Select(k => $"{k}: {Value(dict[k], depth + 1)}")) + " }";
            case IEnumerable<KeyValuePair<string, object?>> pairs:
                if (depth > 2) return "[Object]";
                var list = pairs.ToList();
                return list.Count == 0 ? "{}" : "{ " + string.Join(", ", list.Select(p => $"{p.Key}: {Value(p.Value, depth + 1)}")) + " }";
            case IEnumerable items:
                if (depth > 2) return "[Array]";
                return "[" + string.Join(", ", items.Cast<object?>().Select(i => Value(i, depth + 1))) + "]";
            default:
                return value.ToString() ?? value.GetType().Name;
        }
    }

    public static bool IsNumber(object value) => value is int or long or short or byte or sbyte or ushort or uint or ulong or double or float or decimal;
}
