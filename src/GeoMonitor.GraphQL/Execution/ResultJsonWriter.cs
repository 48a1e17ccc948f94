using System.Collections;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace GeoMonitor.GraphQL.Execution;

/// <summary>Serializes results with Utf8JsonWriter, walking result maps directly instead of reflecting over them.</summary>
internal static class ResultJsonWriter
{
    /// <summary>Keeps non-ASCII text readable; the response is always UTF-8 and never embedded in HTML.</summary>
    public static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    public static void Write(Utf8JsonWriter writer, ExecutionResult result)
    {
        writer.WriteStartObject();
        if (result.Errors is { } errors)
        {
            writer.WritePropertyName("errors");
            writer.WriteStartArray();
            foreach (var e in errors) WriteError(writer, e);
            writer.WriteEndArray();
        }
        if (result.HasData)
        {
            writer.WritePropertyName("data");
            WriteValue(writer, result.Data);
        }
        if (result.Extensions is { Count: > 0 } ext)
        {
            writer.WritePropertyName("extensions");
            WriteValue(writer, ext);
        }
        writer.WriteEndObject();
    }

    public static void WriteError(Utf8JsonWriter writer, GraphQLError error)
    {
        writer.WriteStartObject();
        writer.WriteString("message", error.Message);
        if (error.Locations is { } locations)
        {
            writer.WritePropertyName("locations");
            writer.WriteStartArray();
            foreach (var l in locations)
            {
                writer.WriteStartObject();
                writer.WriteNumber("line", l.Line);
                writer.WriteNumber("column", l.Column);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        if (error.Path is { } path)
        {
            writer.WritePropertyName("path");
            writer.WriteStartArray();
            foreach (var p in path)
            {
                if (p is int i) writer.WriteNumberValue(i);
                else writer.WriteStringValue(p.ToString());
            }
            writer.WriteEndArray();
        }
        if (error.Extensions is { } extensions)
        {
            writer.WritePropertyName("extensions");
            WriteValue(writer, extensions);
        }
        writer.WriteEndObject();
    }

    public static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        // Most frequent first: a large page is thousands of maps, strings and numbers. Sealed types and value types
        // are tested with one comparison each; List (not sealed) needs the runtime's slower test, so it comes after.
        switch (value)
        {
            case ResultMap map:
                writer.WriteStartObject();
                for (var k = 0; k < map.Count; k++)
                {
                    writer.WritePropertyName(map.EncodedKeyAt(k));
                    WriteValue(writer, map.ValueAt(k));
                }
                writer.WriteEndObject();
                break;
            case string s: writer.WriteStringValue(s); break;
            case null: writer.WriteNullValue(); break;
            case int i: writer.WriteNumberValue(i); break;
            case double d:
                if (double.IsFinite(d)) writer.WriteNumberValue(d);
                else writer.WriteNullValue();
                break;
            case RawJson raw: raw.WriteTo(writer); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case long l: writer.WriteNumberValue(l); break;
            case ResultList list:
                writer.WriteStartArray();
                for (var k = 0; k < list.Count; k++) WriteValue(writer, list[k]);
                writer.WriteEndArray();
                break;
            case List<object?> list:
                writer.WriteStartArray();
                for (var k = 0; k < list.Count; k++) WriteValue(writer, list[k]);
                writer.WriteEndArray();
                break;
            case float f:
                if (float.IsFinite(f)) writer.WriteNumberValue(f);
                else writer.WriteNullValue();
                break;
            case decimal m: writer.WriteNumberValue(m); break;
            case short or byte or sbyte or ushort or uint: writer.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture)); break;
            case ulong ul: writer.WriteNumberValue(ul); break;
            case object?[] array:
                writer.WriteStartArray();
                foreach (var item in array) WriteValue(writer, item);
                writer.WriteEndArray();
                break;
            case JsonElement element: element.WriteTo(writer); break;
            case Enum e: writer.WriteStringValue(e.ToString()); break;
            case DateTime dt: writer.WriteStringValue(dt); break;
            case DateTimeOffset dto: writer.WriteStringValue(dto); break;
            case Guid g: writer.WriteStringValue(g); break;
            case IEnumerable<KeyValuePair<string, object?>> pairs:
                writer.WriteStartObject();
                foreach (var p in pairs)
                {
                    writer.WritePropertyName(p.Key);
                    WriteValue(writer, p.Value);
                }
                writer.WriteEndObject();
                break;
            case IDictionary dict:
                writer.WriteStartObject();
                foreach (DictionaryEntry p in dict)
                {
                    writer.WritePropertyName(Convert.ToString(p.Key, CultureInfo.InvariantCulture) ?? string.Empty);
                    WriteValue(writer, p.Value);
                }
                writer.WriteEndObject();
                break;
            case IEnumerable items:
                writer.WriteStartArray();
                foreach (var item in items) WriteValue(writer, item);
                writer.WriteEndArray();
                break;
            case IFormattable formattable: writer.WriteStringValue(formattable.ToString(null, CultureInfo.InvariantCulture)); break;
            default: writer.WriteStringValue(value.ToString()); break;
        }
    }
}
