using System.Globalization;
using System.Text.Json;
using NetTopologySuite.Geometries;

namespace GeoMonitor.Api.Ogc.Cql2;

/// <summary>
/// Reads CQL2 JSON (OGC 21-065r2, clause 8.3 and its JSON Schema) into the same tree as <see cref="Cql2TextParser"/>:
/// <c>{"op": "and", "args": [...]}</c>, <c>{"property": "name"}</c>, <c>{"timestamp": "…"}</c>, <c>{"date": "…"}</c>,
/// <c>{"interval": [start, end]}</c>, <c>{"bbox": [4 or 6 numbers]}</c> and GeoJSON geometry objects. Errors name the
/// JSON path of the member (e.g. <c>$.args[1].args[0]</c>); malformed JSON names its character offset.
/// <para>
/// Also read, for interoperability: <c>{"op": "bbox", "args": [...]}</c>, which the cql2-rs library writes for a BBOX
/// literal.
/// </para>
/// </summary>
public static class Cql2JsonReader
{
    private const int MaxDepth = 64;

    private static readonly Dictionary<string, int> Arity = new(StringComparer.Ordinal)
    {
        ["="] = 2, ["<>"] = 2, ["<"] = 2, ["<="] = 2, [">"] = 2, [">="] = 2,
        ["like"] = 2, ["between"] = 3, ["in"] = 2, ["isNull"] = 1, ["not"] = 1,
    };

    /// <summary>Parses a whole filter.</summary>
    public static Cql2Predicate Parse(string json)
    {
        if (json.Length > Cql2Lexer.MaxLength)
            throw new Cql2Exception(Cql2Location.Json("$"), $"The filter is longer than {Cql2Lexer.MaxLength} characters");
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = MaxDepth * 2 });
        }
        catch (JsonException e)
        {
            throw new Cql2Exception(Cql2Location.Text(Offset(json, e)), "The filter is not valid JSON: " + FirstSentence(e.Message),
                "a CQL2 JSON object such as {\"op\": \"=\", \"args\": [{\"property\": \"eventType\"}, \"Battles\"]}");
        }
        using (doc)
            return new Reader().Predicate(doc.RootElement, "$");
    }

    // JsonException reports a line and a byte position within that line; filters are short, so turn it into a
    // character offset (exact for ASCII, the usual case).
    private static int Offset(string json, JsonException e)
    {
        var line = (int)(e.LineNumber ?? 0);
        var column = (int)(e.BytePositionInLine ?? 0);
        var offset = 0;
        for (var l = 0; l < line && offset < json.Length; l++)
        {
            var nl = json.IndexOf('\n', offset);
            if (nl < 0) break;
            offset = nl + 1;
        }
        return Math.Min(json.Length, offset + column);
    }

    private static string FirstSentence(string message)
    {
        var i = message.IndexOf(" Path:", StringComparison.Ordinal);
        return (i > 0 ? message[..i] : message).TrimEnd('.', ' ');
    }

    private sealed class Reader
    {
        private readonly Cql2Shapes.Budget _budget = new();
        private int _depth;

        public Cql2Predicate Predicate(JsonElement e, string path)
        {
            var at = Cql2Location.Json(path);
            if (e.ValueKind is JsonValueKind.True or JsonValueKind.False) return new Cql2BooleanPredicate(e.GetBoolean()) { At = at };
            if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty("op", out var opElement) || opElement.ValueKind != JsonValueKind.String)
                throw new Cql2Exception(at, "Not a predicate", "an object {\"op\": …, \"args\": […]} or true/false");
            if (++_depth > MaxDepth) throw new Cql2Exception(at, $"The filter nests deeper than {MaxDepth} levels");
            var op = opElement.GetString()!;
            var args = Args(e, path);
            Cql2Predicate result;
            switch (op)
            {
                case "and" or "or":
                    if (args.Count < 2) throw new Cql2Exception(at, $"'{op}' needs at least 2 arguments");
                    result = new Cql2Logical(op == "and", [.. args.Select((a, k) => Predicate(a, $"{path}.args[{k}]"))]) { At = at };
                    break;
                case "not":
                    Count(op, args, 1, at);
                    result = new Cql2Not(Predicate(args[0], path + ".args[0]")) { At = at };
                    break;
                case "=" or "<>" or "<" or "<=" or ">" or ">=":
                    Count(op, args, 2, at);
                    result = new Cql2Comparison(op, Operand(args[0], path + ".args[0]"), Operand(args[1], path + ".args[1]")) { At = at };
                    break;
                case "like":
                    Count(op, args, 2, at);
                    result = new Cql2Like(Operand(args[0], path + ".args[0]"), Operand(args[1], path + ".args[1]")) { At = at };
                    break;
                case "between":
                    Count(op, args, 3, at);
                    result = new Cql2Between(Operand(args[0], path + ".args[0]"), Operand(args[1], path + ".args[1]"),
                        Operand(args[2], path + ".args[2]")) { At = at };
                    break;
                case "in":
                    Count(op, args, 2, at);
                    if (args[1].ValueKind != JsonValueKind.Array || args[1].GetArrayLength() == 0)
                        throw new Cql2Exception(Cql2Location.Json(path + ".args[1]"), "'in' needs a non-empty array of values as its second argument");
                    result = new Cql2In(Operand(args[0], path + ".args[0]"),
                        [.. args[1].EnumerateArray().Select((v, k) => Operand(v, $"{path}.args[1][{k}]"))]) { At = at };
                    break;
                case "isNull":
                    Count(op, args, 1, at);
                    result = new Cql2IsNull(Operand(args[0], path + ".args[0]")) { At = at };
                    break;
                default:
                    var upper = op.ToUpperInvariant();
                    if (op == op.ToLowerInvariant() && Cql2TextParser.SpatialFunctions.Contains(upper))
                    {
                        Count(op, args, 2, at);
                        result = new Cql2Spatial(op, Operand(args[0], path + ".args[0]"), Operand(args[1], path + ".args[1]")) { At = at };
                    }
                    else if (op == op.ToLowerInvariant() && Cql2TextParser.TemporalFunctions.Contains(upper))
                    {
                        Count(op, args, 2, at);
                        result = new Cql2Temporal(op, Operand(args[0], path + ".args[0]"), Operand(args[1], path + ".args[1]")) { At = at };
                    }
                    else
                    {
                        throw new Cql2Exception(Cql2Location.Json(path + ".op"), $"Unknown operator '{op}'",
                            "and, or, not, =, <>, <, <=, >, >=, like, between, in, isNull, s_intersects, s_within, …, t_intersects, t_during, …");
                    }
                    break;
            }
            _depth--;
            return result;
        }

        private static List<JsonElement> Args(JsonElement e, string path)
        {
            if (!e.TryGetProperty("args", out var args) || args.ValueKind != JsonValueKind.Array)
                throw new Cql2Exception(Cql2Location.Json(path), "Missing \"args\"", "\"args\": an array of arguments");
            return [.. args.EnumerateArray()];
        }

        private static void Count(string op, List<JsonElement> args, int n, Cql2Location at)
        {
            if (args.Count != n) throw new Cql2Exception(at, $"'{op}' takes {n} argument{(n == 1 ? "" : "s")}, got {args.Count}");
        }

        private Cql2Operand Operand(JsonElement e, string path)
        {
            var at = Cql2Location.Json(path);
            switch (e.ValueKind)
            {
                case JsonValueKind.String:
                    return new Cql2String(e.GetString()!) { At = at };
                case JsonValueKind.Number:
                {
                    var raw = e.GetRawText();
                    decimal? exact = decimal.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;
                    if (!e.TryGetDouble(out var v) || !double.IsFinite(v)) throw new Cql2Exception(at, $"The number {raw} is out of range");
                    return new Cql2Number(v, exact) { At = at };
                }
                case JsonValueKind.True or JsonValueKind.False:
                    return new Cql2Boolean(e.GetBoolean()) { At = at };
                case JsonValueKind.Object:
                    break;
                default:
                    throw new Cql2Exception(at, "Not a value", "a property {\"property\": …}, a literal or a geometry");
            }
            if (e.TryGetProperty("property", out var p))
            {
                if (p.ValueKind != JsonValueKind.String || p.GetString()!.Length == 0)
                    throw new Cql2Exception(Cql2Location.Json(path + ".property"), "A property name must be a non-empty string");
                return new Cql2Property(p.GetString()!) { At = at };
            }
            if (e.TryGetProperty("timestamp", out var ts))
                return Cql2TextParser.Timestamp(Str(ts, path + ".timestamp"), Cql2Location.Json(path + ".timestamp"));
            if (e.TryGetProperty("date", out var date))
                return Cql2TextParser.Date(Str(date, path + ".date"), Cql2Location.Json(path + ".date"));
            if (e.TryGetProperty("interval", out var interval))
            {
                if (interval.ValueKind != JsonValueKind.Array || interval.GetArrayLength() != 2)
                    throw new Cql2Exception(Cql2Location.Json(path + ".interval"), "An interval is an array of two instants (or \"..\")");
                return Cql2TextParser.Interval(IntervalEnd(interval[0], path + ".interval[0]"), IntervalEnd(interval[1], path + ".interval[1]"), at);
            }
            if (e.TryGetProperty("bbox", out var bbox)) return BBox(bbox, path + ".bbox");
            if (e.TryGetProperty("op", out var op) && op.ValueKind == JsonValueKind.String && op.GetString() == "bbox")
                return BBox(e.TryGetProperty("args", out var a) ? a : default, path + ".args");
            if (e.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String)
                return new Cql2Geometry(Geometry(e, path)) { At = at };
            if (e.TryGetProperty("op", out _))
                throw new Cql2Exception(at, "A predicate where a value is expected", "a property, a literal or a geometry");
            throw new Cql2Exception(at, "Not a value", "{\"property\": …}, {\"timestamp\": …}, {\"date\": …}, {\"interval\": […]}, {\"bbox\": […]} or a GeoJSON geometry");
        }

        private static string Str(JsonElement e, string path) => e.ValueKind == JsonValueKind.String ? e.GetString()!
            : throw new Cql2Exception(Cql2Location.Json(path), "Expected a string");

        private static Cql2Operand? IntervalEnd(JsonElement e, string path)
        {
            var at = Cql2Location.Json(path);
            if (e.ValueKind == JsonValueKind.String)
                return e.GetString() == ".." ? null : Cql2TextParser.Instant(e.GetString()!, at);
            if (e.ValueKind == JsonValueKind.Object && e.TryGetProperty("timestamp", out var ts))
                return Cql2TextParser.Timestamp(Str(ts, path + ".timestamp"), at);
            if (e.ValueKind == JsonValueKind.Object && e.TryGetProperty("date", out var d))
                return Cql2TextParser.Date(Str(d, path + ".date"), at);
            throw new Cql2Exception(at, "Not an instant", "a date or timestamp string, or \"..\"");
        }

        private static Cql2BBox BBox(JsonElement e, string path)
        {
            var at = Cql2Location.Json(path);
            if (e.ValueKind != JsonValueKind.Array || e.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.Number))
                throw new Cql2Exception(at, "A bbox is an array of 4 or 6 numbers");
            return Cql2TextParser.BBox([.. e.EnumerateArray().Select(v => v.GetDouble())], at);
        }

        private Geometry Geometry(JsonElement e, string path)
        {
            var at = Cql2Location.Json(path);
            var type = e.GetProperty("type").GetString();
            if (type == "GeometryCollection")
            {
                if (!e.TryGetProperty("geometries", out var parts) || parts.ValueKind != JsonValueKind.Array)
                    throw new Cql2Exception(at, "A GeometryCollection needs \"geometries\"");
                return Cql2Shapes.Collection([.. parts.EnumerateArray().Select((g, k) => Geometry(g, $"{path}.geometries[{k}]"))]);
            }
            if (!e.TryGetProperty("coordinates", out var c) || c.ValueKind != JsonValueKind.Array)
                throw new Cql2Exception(at, $"A {type} needs \"coordinates\"");
            var cpath = path + ".coordinates";
            return type switch
            {
                "Point" => Cql2Shapes.Point(Position(c, cpath)),
                "LineString" => Cql2Shapes.Line(Positions(c, cpath), at),
                "Polygon" => Polygon(c, cpath, at),
                "MultiPoint" => Cql2Shapes.MultiPoint(Positions(c, cpath)),
                "MultiLineString" => Cql2Shapes.MultiLine([.. Each(c, cpath).Select(x => Cql2Shapes.Line(Positions(x.E, x.Path), at))]),
                "MultiPolygon" => Cql2Shapes.MultiPolygon([.. Each(c, cpath).Select(x => Polygon(x.E, x.Path, at))]),
                _ => throw new Cql2Exception(Cql2Location.Json(path + ".type"), $"Unknown geometry type '{type}'",
                    "Point, LineString, Polygon, MultiPoint, MultiLineString, MultiPolygon or GeometryCollection"),
            };
        }

        private static IEnumerable<(JsonElement E, string Path)> Each(JsonElement array, string path)
        {
            if (array.ValueKind != JsonValueKind.Array) throw new Cql2Exception(Cql2Location.Json(path), "Expected an array");
            return array.EnumerateArray().Select((x, k) => (x, $"{path}[{k}]"));
        }

        private Polygon Polygon(JsonElement rings, string path, Cql2Location at) =>
            Cql2Shapes.Polygon([.. Each(rings, path).Select(r => (IReadOnlyList<Coordinate>)Positions(r.E, r.Path))], at);

        private List<Coordinate> Positions(JsonElement array, string path) => [.. Each(array, path).Select(x => Position(x.E, x.Path))];

        private Coordinate Position(JsonElement p, string path)
        {
            var at = Cql2Location.Json(path);
            if (p.ValueKind != JsonValueKind.Array || p.GetArrayLength() is < 2 or > 3 || p.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.Number))
                throw new Cql2Exception(at, "A position is an array of 2 (or 3) numbers");
            _budget.Take(1, at);
            return new Coordinate(p[0].GetDouble(), p[1].GetDouble());
        }
    }
}
