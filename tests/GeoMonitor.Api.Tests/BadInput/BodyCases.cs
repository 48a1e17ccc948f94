using System.Text;
using System.Text.Json.Nodes;
using GeoMonitor.Api.Infrastructure.Auth;
using static GeoMonitor.Api.Tests.BadInput.Bodies;

namespace GeoMonitor.Api.Tests.BadInput;

/// <summary>Malformed JSON, GeoJSON and CSV bodies for the write endpoints.</summary>
public static class BodyCases
{
    private const string Single = "/api/incidents";
    private const string Batch = "/api/incidents/batch";
    private const string Json = "application/json";
    private const string GeoJson = "application/geo+json";
    private const string Csv = "text/csv";

    /// <summary>Invalid UTF-8 sequences, by name.</summary>
    public static readonly (string Name, byte[] Bytes)[] InvalidUtf8 =
    [
        ("lone-continuation", [0x80]),
        ("truncated-two-byte", [0xC3]),
        ("bad-second-byte", [0xC3, 0x28]),
        ("overlong-slash", [0xC0, 0xAF]),
        ("overlong-nul", [0xE0, 0x80, 0x80]),
        ("encoded-surrogate", [0xED, 0xA0, 0x80]),
        ("above-u10ffff", [0xF4, 0x90, 0x80, 0x80]),
        ("five-byte-form", [0xF8, 0x88, 0x80, 0x80, 0x80]),
        ("byte-ff", [0xFF]),
        ("byte-fe", [0xFE]),
    ];

    /// <summary>All body cases.</summary>
    public static IEnumerable<BadCase> All() => Json_().Concat(Fields()).Concat(GeoJson_()).Concat(Csv_());

    private static IEnumerable<BadCase> Json_()
    {
        // Syntax
        var syntax = new (string Name, string Body)[]
        {
            ("unterminated-string", """{"source":"abc"""),
            ("unterminated-object", """{"source":"abc","""),
            ("unterminated-array", "[1,2"),
            ("trailing-comma", ValidReport.TrimEnd()[..^1] + ",}"),
            ("comment", "// a comment\n" + ValidReport),
            ("single-quotes", ValidReport.Replace('"', '\'')),
            ("unquoted-keys", """{source:"bad-input"}"""),
            ("nan", ValidReport.Replace("35.5", "NaN")),
            ("infinity", ValidReport.Replace("35.5", "Infinity")),
            ("minus-infinity", ValidReport.Replace("35.5", "-Infinity")),
            ("leading-zeros", ValidReport.Replace("\"fatalities\":0", "\"fatalities\":007")),
            ("hex-number", ValidReport.Replace("\"fatalities\":0", "\"fatalities\":0x1F")),
            ("plus-sign", ValidReport.Replace("35.5", "+35.5")),
            ("bare-dot", ValidReport.Replace("35.5", ".5")),
            ("two-documents", ValidReport + ValidReport),
            ("garbage-after", ValidReport + "x"),
            ("raw-newline-in-string", ValidReport.Replace("bi-1", "bi\n1")),
            ("raw-control-char", ValidReport.Replace("bi-1", "bi\u00011")),
            ("bad-escape", ValidReport.Replace("bi-1", "bi\\q1")),
            ("short-unicode-escape", ValidReport.Replace("bi-1", "bi\\u12")),
            ("lone-high-surrogate-escape", ValidReport.Replace("bi-1", "bi\\ud800")),
            ("lone-low-surrogate-escape", ValidReport.Replace("bi-1", "\\udc00")),
            ("empty", ""),
            ("whitespace", " \t\r\n "),
            ("null", "null"),
            ("number", "42"),
            ("string", "\"a report\""),
            ("true", "true"),
            ("empty-array", "[]"),
            ("array-of-reports", "[" + ValidReport + "]"),
            ("empty-object", "{}"),
            ("xml", "<incident><source>x</source></incident>"),
            ("bom-then-garbage", "\uFEFF}{"),
            ("duplicate-source", ValidReport.Replace("{\"source\":\"bad-input\"", "{\"source\":\"bad-input\",\"source\":\"other\"")),
            ("duplicate-lon", ValidReport.TrimEnd()[..^1] + ",\"lon\":35.6}"),
            ("duplicate-fatalities", ValidReport.TrimEnd()[..^1] + ",\"fatalities\":3}"),
            ("duplicate-case-variant", ValidReport.TrimEnd()[..^1] + ",\"Lon\":35.6}"),
            ("number-overflow", ValidReport.Replace("\"fatalities\":0", "\"fatalities\":" + new string('9', 400))),
            ("exponent-overflow", ValidReport.Replace("35.5", "1e99999")),
        };
        foreach (var (name, body) in syntax) yield return Post($"json/single/{name}", Single, () => Text(body, Json));

        // Nesting 10,000 levels deep, at the top and inside a field.
        yield return Post("json/single/nesting-10000-arrays", Single, () => Text(Nest("[", "1", "]", 10_000), Json));
        yield return Post("json/single/nesting-10000-objects", Single, () => Text(Nest("{\"a\":", "1", "}", 10_000), Json));
        yield return Post("json/single/nesting-10000-in-notes", Single, () => Text(ValidReport.TrimEnd()[..^1] + ",\"notes\":" + Nest("[", "1", "]", 10_000) + "}", Json));
        yield return Post("json/single/nesting-33-levels", Single, () => Text(Nest("[", "1", "]", 33), Json));
        yield return Post("json/batch/nesting-10000-arrays", Batch, () => Text(Nest("[", "1", "]", 10_000), Json));
        yield return Post("json/batch/nesting-10000-objects-in-row", Batch, () => Text("[" + Nest("{\"a\":", "1", "}", 10_000) + "]", Json));

        // Huge: strings and bodies over the limits (1 MiB for one report, 64 MiB for a batch), with and without a length.
        yield return Post("json/single/2mb-string", Single, () => Text(ValidReport.Replace("bi-1", new string('x', 2 << 20)), Json));
        yield return Post("json/single/streamed-2mb-no-length", Single, () => Stream("{\"notes\":\"", (byte)'x', 2 << 20, Json));
        yield return Post("json/single/100k-externalId", Single, () => Text(ValidReport.Replace("bi-1", new string('x', 100_000)), Json));
        yield return Post("json/single/100k-source", Single, () => Text(ValidReport.Replace("bad-input", new string('s', 100_000)), Json));
        yield return Post("json/single/900k-notes", Single, () => Text(ValidReport.TrimEnd()[..^1] + ",\"notes\":\"" + new string('n', 900_000) + "\"}", Json));
        yield return Post("json/single/100k-properties", Single, () => Text("{" + string.Join(",", Enumerable.Range(0, 100_000).Select(i => $"\"p{i}\":1")) + "}", Json));
        yield return Post("json/batch/streamed-65mb-no-length", Batch, () => Stream("[", (byte)' ', 65L << 20, Json));
        yield return Post("json/batch/100001-rows", Batch, () => Text("[" + string.Join(",", Enumerable.Repeat("{}", 100_001)) + "]", Json));

        // Invalid UTF-8 inside a string value, in a key, and in a CSV cell.
        foreach (var (name, bytes) in InvalidUtf8)
        {
            yield return Post($"json/single/invalid-utf8/{name}", Single, () => Spliced(ValidReport.Replace("bi-1", "bi@@1"), bytes, Json));
            yield return Post($"json/single/invalid-utf8-in-key/{name}", Single, () => Spliced(ValidReport.Replace("\"source\"", "\"sou@@rce\""), bytes, Json));
            yield return Post($"json/batch/invalid-utf8-in-key/{name}", Batch, () => Spliced("[" + ValidReport.Replace("\"source\"", "\"sou@@rce\"") + "]", bytes, Json));
        }
        yield return Post("json/single/utf16le-body", Single, () => Bytes([0xFF, 0xFE, .. Encoding.Unicode.GetBytes(ValidReport)], Json));
        yield return Post("json/single/utf32-body", Single, () => Bytes(Encoding.UTF32.GetBytes(ValidReport), Json));
        yield return Post("json/single/raw-nul-byte", Single, () => Spliced(ValidReport.Replace("bi-1", "bi@@1"), [0x00], Json));

        // Media types
        foreach (var (name, type) in (ValueTuple<string, string?>[])[("none", null), ("text-plain", "text/plain"), ("xml", "application/xml"),
                     ("form", "application/x-www-form-urlencoded"), ("multipart", "multipart/form-data; boundary=x"), ("latin1", "application/json; charset=iso-8859-1"),
                     ("utf16-charset", "application/json; charset=utf-16"), ("octet-stream", "application/octet-stream"), ("garbage", "not a media type"),
                     ("csv-to-single", "text/csv")])
            yield return Post($"json/single/media-type/{name}", Single, () => Text(ValidReport, type));
        foreach (var (name, type) in (ValueTuple<string, string?>[])[("none", null), ("text-plain", "text/plain"), ("latin1", "text/csv; charset=latin1"), ("xml", "application/xml")])
            yield return Post($"json/batch/media-type/{name}", Batch, () => Text("[" + ValidReport + "]", type));
        foreach (var v in (string[])["maybe", "1", "TRUE", "yes"])
            yield return Post($"json/batch/partial/{RestParameterCases.Label(v)}", Batch + "?partial=" + v, () => Text("[" + ValidReport + "]", Json));
        yield return Post("json/batch/partial/given-twice", Batch + "?partial=true&partial=false", () => Text("[" + ValidReport + "]", Json));
    }

    /// <summary>Each field given a value of the wrong type or out of range.</summary>
    private static IEnumerable<BadCase> Fields()
    {
        var bad = new (string Field, string Label, string Json)[]
        {
            ("source", "number", "42"), ("source", "object", "{}"), ("source", "empty", "\"\""), ("source", "array", "[\"a\"]"),
            ("externalId", "number", "7"), ("externalId", "bool", "true"), ("externalId", "empty", "\"\""), ("externalId", "null", "null"),
            ("occurredAt", "number", "1733047200"), ("occurredAt", "garbage", "\"soon\""), ("occurredAt", "month-13", "\"2024-13-01T00:00:00Z\""),
            ("occurredAt", "far-future", "\"2999-01-01T00:00:00Z\""), ("occurredAt", "year-zero", "\"0000-01-01T00:00:00Z\""), ("occurredAt", "null", "null"),
            ("eventType", "unknown", "\"Fights\""), ("eventType", "number", "1"), ("eventType", "null", "null"),
            ("subEventType", "wrong-parent", "\"Air/drone strike\""), ("subEventType", "array", "[]"),
            ("fatalities", "string", "\"3\""), ("fatalities", "negative", "-1"), ("fatalities", "fraction", "2.5"), ("fatalities", "overflow", "3000000000"),
            ("fatalities", "huge-exponent", "1e300"),
            ("lon", "string", "\"35.5\""), ("lon", "nan-string", "\"NaN\""), ("lon", "out-of-region", "10"), ("lon", "off-earth", "1e308"), ("lon", "null", "null"),
            ("lat", "string", "\"abc\""), ("lat", "off-earth", "-91"), ("lat", "bool", "false"), ("lat", "array", "[33.2]"),
            ("timePrecision", "four", "4"), ("timePrecision", "string", "\"day\""), ("geoPrecision", "zero", "0"), ("geoPrecision", "fraction", "1.5"),
            ("uncertaintyM", "negative", "-5"), ("uncertaintyM", "string", "\"far\""),
            ("notes", "nul-escape", "\"a\\u0000b\""), ("notes", "object", "{\"a\":1}"),
            ("actor1", "number", "5"), ("status", "set-by-client", "\"verified\""), ("id", "set-by-client", "12"), ("fatality", "misspelt-field", "3"),
            ("coordinate", "plus-lon-lat", "\"33.2 35.5\""), ("mgrs", "garbage", "\"36S ZZ 1 2\""), ("crs", "unknown-epsg", "\"EPSG:999999\""),
        };
        foreach (var (field, label, json) in bad)
        {
            var o = JsonNode.Parse(ValidReport)!.AsObject();
            o.Remove(field);
            // Appended as raw text: some values cannot pass through a JsonNode unchanged.
            var body = o.ToJsonString()[..^1] + $",\"{field}\":{json}}}";
            yield return Post($"json/field/{field}/{label}", Single, () => Text(body, Json));
        }
        foreach (var required in (string[])["source", "externalId", "occurredAt", "eventType", "subEventType", "lon"])
        {
            var o = JsonNode.Parse(ValidReport)!.AsObject();
            o.Remove(required);
            var body = o.ToJsonString();
            yield return Post($"json/field/{required}/missing", Single, () => Text(body, Json));
        }
    }

    private static IEnumerable<BadCase> GeoJson_()
    {
        const string props = """{"source":"bad-input","externalId":"bi-g","occurredAt":"2024-12-01T10:00:00Z","eventType":"Battles","subEventType":"Armed clash","fatalities":0}""";
        string Feature(string geometry, string properties = props, string type = "Feature") =>
            $$"""{"type":"{{type}}","geometry":{{geometry}},"properties":{{properties}}}""";
        var features = new (string Name, string Body)[]
        {
            ("polygon", Feature("""{"type":"Polygon","coordinates":[[[35.4,33.1],[35.6,33.1],[35.6,33.3],[35.4,33.1]]]}""")),
            ("linestring", Feature("""{"type":"LineString","coordinates":[[35.4,33.1],[35.6,33.1]]}""")),
            ("multipoint", Feature("""{"type":"MultiPoint","coordinates":[[35.4,33.1]]}""")),
            ("geometry-collection", Feature("""{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[35.5,33.2]}]}""")),
            ("null-geometry", Feature("null")),
            ("geometry-not-object", Feature("\"POINT(35.5 33.2)\"")),
            ("point-one-ordinate", Feature("""{"type":"Point","coordinates":[35.5]}""")),
            ("point-empty", Feature("""{"type":"Point","coordinates":[]}""")),
            ("point-strings", Feature("""{"type":"Point","coordinates":["35.5","33.2"]}""")),
            ("point-nested", Feature("""{"type":"Point","coordinates":[[35.5,33.2]]}""")),
            ("point-lon-181", Feature("""{"type":"Point","coordinates":[181,33.2]}""")),
            ("point-lat-91", Feature("""{"type":"Point","coordinates":[35.5,91]}""")),
            ("point-swapped-out-of-region", Feature("""{"type":"Point","coordinates":[33.2,35.5]}""")),
            ("point-no-coordinates", Feature("""{"type":"Point"}""")),
            ("point-null-coordinates", Feature("""{"type":"Point","coordinates":null}""")),
            ("unknown-geometry-type", Feature("""{"type":"Circle","coordinates":[35.5,33.2]}""")),
            ("misspelt-feature", Feature("""{"type":"Point","coordinates":[35.5,33.2]}""", type: "Feture")),
            ("properties-array", Feature("""{"type":"Point","coordinates":[35.5,33.2]}""", "[]")),
            ("properties-null", Feature("""{"type":"Point","coordinates":[35.5,33.2]}""", "null")),
            ("point-and-lon-lat", Feature("""{"type":"Point","coordinates":[35.5,33.2]}""", props[..^1] + ",\"lon\":35.5,\"lat\":33.2}")),
        };
        foreach (var (name, body) in features)
        {
            yield return Post($"geojson/single/{name}", Single, () => Text(body, GeoJson));
            yield return Post($"geojson/batch/{name}", Batch, () => Text($$"""{"type":"FeatureCollection","features":[{{body}}]}""", GeoJson));
        }
        foreach (var (name, body) in (ValueTuple<string, string>[])[("features-object", """{"type":"FeatureCollection","features":{}}"""),
                     ("features-missing", """{"type":"FeatureCollection"}"""), ("features-empty", """{"type":"FeatureCollection","features":[]}"""),
                     ("features-null-item", """{"type":"FeatureCollection","features":[null]}"""), ("features-number-item", """{"type":"FeatureCollection","features":[1]}"""),
                     ("feature-not-collection", Feature("""{"type":"Point","coordinates":[35.5,33.2]}""")), ("type-missing", """{"features":[]}"""),
                     ("geometry-collection-root", """{"type":"GeometryCollection","geometries":[]}""")])
            yield return Post($"geojson/batch/{name}", Batch, () => Text(body, GeoJson));

        // A polygon with a million vertices: over the single-report limit, and under the batch limit (so it is parsed and refused).
        yield return Post("geojson/single/polygon-1m-vertices", Single, () => Text(Feature($"{{\"type\":\"Polygon\",\"coordinates\":[{PolygonRing(1_000_000)}]}}"), GeoJson));
        yield return Post("geojson/batch/polygon-1m-vertices", Batch, () => Text(
            $"{{\"type\":\"FeatureCollection\",\"features\":[{Feature($"{{\"type\":\"Polygon\",\"coordinates\":[{PolygonRing(1_000_000)}]}}")}]}}", GeoJson));
        yield return Post("geojson/batch/point-with-1m-ordinates", Batch, () => Text(
            $"{{\"type\":\"FeatureCollection\",\"features\":[{Feature("{\"type\":\"Point\",\"coordinates\":[" + string.Join(",", Enumerable.Repeat("35.5", 1_000_000)) + "]}")}]}}", GeoJson));
    }

    private static IEnumerable<BadCase> Csv_()
    {
        var cases = new (string Name, string Body)[]
        {
            ("empty", ""),
            ("header-only", CsvHeader + "\n"),
            ("unterminated-quote", CsvHeader + "\n" + CsvRow.Replace("Armed clash", "\"Armed clash") + "\n"),
            ("quote-inside-unquoted", CsvHeader + "\n" + CsvRow.Replace("Armed clash", "Armed \"clash") + "\n"),
            ("missing-required-column", CsvHeader.Replace(",lat", "") + "\n" + CsvRow[..CsvRow.LastIndexOf(',')] + "\n"),
            ("duplicate-column", CsvHeader + ",lon\n" + CsvRow + ",35.6\n"),
            ("unknown-column", CsvHeader + ",colour\n" + CsvRow + ",red\n"),
            ("too-many-fields", CsvHeader + "\n" + CsvRow + ",extra\n"),
            ("too-few-fields", CsvHeader + "\n" + CsvRow[..CsvRow.LastIndexOf(',')] + "\n"),
            ("semicolons", CsvHeader.Replace(',', ';') + "\n" + CsvRow.Replace(',', ';') + "\n"),
            ("no-header", CsvRow + "\n"),
            ("blank-header", "\n" + CsvRow + "\n"),
            ("bad-event-type", CsvHeader + "\n" + CsvRow.Replace("Battles", "Fights") + "\n"),
            ("nan-lon", CsvHeader + "\n" + CsvRow.Replace("35.5", "NaN") + "\n"),
            ("infinite-lat", CsvHeader + "\n" + CsvRow.Replace("33.2", "Infinity") + "\n"),
            ("negative-fatalities", CsvHeader + "\n" + CsvRow.Replace(",0,", ",-4,") + "\n"),
            ("future-date", CsvHeader + "\n" + CsvRow.Replace("2024-12-01", "2999-12-01") + "\n"),
            ("same-key-different-report", CsvHeader + "\n" + CsvRow + "\n" + CsvRow.Replace(",0,", ",2,") + "\n"),
            ("html", "<html><body>not csv</body></html>"),
            ("json-as-csv", "[" + ValidReport + "]"),
            ("nul-in-cell", CsvHeader + "\n" + CsvRow.Replace("bi-csv-1", "bi\0csv") + "\n"),
        };
        foreach (var (name, body) in cases) yield return Post($"csv/{name}", Batch, () => Text(body, Csv));
        foreach (var (name, bytes) in InvalidUtf8.Take(5))
            yield return Post($"csv/invalid-utf8/{name}", Batch, () => Spliced(CsvHeader + "\n" + CsvRow.Replace("bi-csv-1", "bi@@csv") + "\n", bytes, Csv));
        yield return Post("csv/utf16-without-bom", Batch, () => Bytes(Encoding.Unicode.GetBytes(CsvHeader + "\n" + CsvRow + "\n"), Csv));
        yield return Post("csv/one-line-65mb-no-length", Batch, () => Stream(CsvHeader + "\n", (byte)'x', 65L << 20, Csv));
        yield return Post("csv/1mb-cell", Batch, () => Text(CsvHeader + "\n" + CsvRow.Replace("bi-csv-1", new string('x', 1 << 20)) + "\n", Csv));
        yield return Post("csv/100001-rows", Batch, () =>
        {
            var sb = new StringBuilder(CsvHeader).Append('\n');
            for (var i = 0; i < 100_001; i++) sb.Append(CsvRow.Replace("bi-csv-1", "r" + i)).Append('\n');
            return Text(sb.ToString(), Csv);
        });
    }

    private static BadCase Post(string name, string path, Func<HttpContent> body) => new(name, "POST", path, body, Role.Reporter);
}
