using GeoMonitor.Api.Infrastructure.Auth;

namespace GeoMonitor.Api.Tests.BadInput;

/// <summary>
/// Malformed query parameters and path segments of the GET endpoints, by parameter type. Every value here is invalid
/// for its parameter (the type says why), so each must be a 400/401/404 problem, never a 200 or a 500.
/// </summary>
public static class RestParameterCases
{
    private static readonly string Huge = new('9', 100_000);
    private static readonly string HugeText = new('x', 100_000);

    private static readonly string[] BadInstant =
        ["yesterday", "2024-13-01T00:00:00Z", "2024-12-01T25:00:00Z", "2024-02-30", "", "%00", "NaN", "99999-01-01T00:00:00Z", HugeText];

    private static readonly string[] BadSlug = ["no-such-thing", "", "%00", "%FF%FE", HugeText];

    private static readonly string[] BadNumber = ["NaN", "Infinity", "-Infinity", "-1", "0", "1e400", "abc", "0x10", "", Huge];

    private static readonly string[] BadBbox =
        ["1,2,3", "a,b,c,d", "NaN,0,1,1", "0,0,Infinity,1", "36,34,35,33", "-181,0,0,1", "0,-91,1,0", "1e400,0,1,1", "", "1,2,3,4,5", HugeText];

    private static readonly string[] BadEnum = ["bogus", "", HugeText];

    /// <summary>All parameter cases.</summary>
    public static IEnumerable<BadCase> All()
    {
        // GET /api/incidents: the filters, then the page and format parameters.
        foreach (var c in Filters("/api/incidents")) yield return c;
        foreach (var v in (string[])["0", "-1", "10001", "abc", "1.5", "NaN", "99999999999999999999", ""]) yield return Get("incidents", "limit", v);
        foreach (var v in (string[])["garbage", "%00", "eyJ4IjoxfQ", "AAAAAAAAAAAAAAAA", "", HugeText]) yield return Get("incidents", "cursor", v);
        foreach (var v in (string[])["sideways", ""]) yield return Get("incidents", "order", v);
        foreach (var v in (string[])["xml", "", "GEOJSON"]) yield return Get("incidents", "format", v);
        yield return Case("rest/incidents/limit/given-twice", "/api/incidents?limit=1&limit=2");
        yield return Case("rest/incidents/status/anonymous-asks-unverified", "/api/incidents?status=reported", Role.Anonymous);

        // GET /api/incidents/{id}
        foreach (var (label, id) in (ValueTuple<string, string>[])[("letters", "abc"), ("negative", "-1"), ("zero", "0"), ("fraction", "1.5"),
                     ("overflow", "99999999999999999999"), ("exponent", "1e3"), ("nul", "%00"), ("unknown", "9000000000")])
            yield return Case($"rest/incident-by-id/{label}", $"/api/incidents/{id}");

        // GET /api/stats/incidents
        foreach (var v in (string[])["fortnight", "", "DAY"]) yield return Get("stats", "bucket", v, "/api/stats/incidents");
        foreach (var v in BadInstant.Take(4)) yield return Get("stats", "from", v, "/api/stats/incidents");
        yield return Get("stats", "bbox", "1,2,3", "/api/stats/incidents");
        yield return Case("rest/stats/range/ten-thousand-years", "/api/stats/incidents?from=1000-01-01T00:00:00Z&to=9000-01-01T00:00:00Z");

        // GET /api/locate
        foreach (var v in (string[])["NaN", "Infinity", "181", "-180.5", "abc", "", "1e400", Huge]) yield return Case($"rest/locate/lon/{Label(v)}", $"/api/locate?lon={v}&lat=33.2");
        foreach (var v in (string[])["NaN", "-Infinity", "91", "-90.0001", "abc", ""]) yield return Case($"rest/locate/lat/{Label(v)}", $"/api/locate?lon=35.5&lat={v}");
        foreach (var v in BadInstant.Take(5)) yield return Case($"rest/locate/at/{Label(v)}", $"/api/locate?lon=35.5&lat=33.2&at={v}");
        yield return Case("rest/locate/lon/missing", "/api/locate?lat=33.2");
        yield return Case("rest/locate/lat/missing", "/api/locate?lon=35.5");
        yield return Case("rest/locate/lon/given-twice", "/api/locate?lon=35.5&lon=35.6&lat=33.2");

        // Layers and truces
        foreach (var v in BadInstant.Take(5)) yield return Get("zones", "activeAt", v, "/api/zones");
        foreach (var v in BadEnum) yield return Get("zones", "kind", v, "/api/zones");
        foreach (var v in BadInstant.Take(5)) yield return Get("corridors", "openAt", v, "/api/corridors");
        foreach (var v in BadInstant.Take(5)) yield return Get("truces", "activeAt", v, "/api/truces");
        foreach (var route in (string[])["lines", "zones", "corridors", "truces"])
            foreach (var (label, slug) in (ValueTuple<string, string>[])[("unknown", "no-such-slug"), ("nul", "%00"), ("traversal", "..%2F..%2Fetc%2Fpasswd"), ("huge", HugeText)])
                yield return Case($"rest/{route}-by-slug/{label}", $"/api/{route}/{slug}");
        // The record over time (issue 15): asOf on every layer read, versions, claims, the changes feed, disputes.
        foreach (var route in (string[])["lines", "zones", "corridors", "truces", "lines/blue-line", "zones/unsc-1701-area"])
            foreach (var v in BadInstant.Take(5)) yield return Case($"rest/{route.Replace('/', '-')}/asOf/{Label(v)}", $"/api/{route}?asOf={v}");
        yield return Case("rest/zones-by-slug/asOf/before-it-existed", "/api/zones/unsc-1701-area?asOf=1900-01-01");
        foreach (var v in (string[])["atlantis", "", "ISRAEL", HugeText]) yield return Case($"rest/lines/claim/{Label(v)}", $"/api/lines/blue-line?claim={v}");
        foreach (var route in (string[])["lines", "zones", "corridors", "truces"])
            yield return Case($"rest/{route}-versions/unknown", $"/api/{route}/no-such-slug/versions");
        foreach (var v in (string[])["garbage", "%00", "", "AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", HugeText]) yield return Case($"rest/changes/since/{Label(v)}", $"/api/changes?since={v}");
        foreach (var v in (string[])["0", "1001", "abc", ""]) yield return Case($"rest/changes/limit/{Label(v)}", $"/api/changes?limit={v}");
        yield return Case("rest/disputes/unknown", "/api/disputes/no-such-dispute");
        yield return Case("rest/disputes/line/empty", "/api/disputes?line=");
        foreach (var v in BadInstant.Take(5)) yield return Case($"tiles/zones/asOf/{Label(v)}", $"/tiles/zones/5/19/12.mvt?asOf={v}");
        yield return Case("rest/truce-report/unknown-truce", "/api/truces/no-such-truce/report");
        yield return Case("rest/truce-report/status/bogus", "/api/truces/{truce}/report?status=bogus");
        yield return Case("rest/truce-report/zone/unknown", "/api/truces/{truce}/report?zone=no-such-zone");
        yield return Case("rest/truce-report/zone/empty", "/api/truces/{truce}/report?zone=");

        // OGC API - Features
        foreach (var v in (string[])["pdf", "xml", ""]) yield return Case($"ogc/items/f/{Label(v)}", $"/ogc/collections/incidents/items?f={v}");
        // Part 3: a filter that cannot be read, names no queryable, does not type-check or is an invalid geometry; sortby on nothing sortable.
        foreach (var (label, query) in (ValueTuple<string, string>[])[("syntax", "filter=fatalities%20%3E"), ("unknown-property", "filter=colour%20%3D%201"),
                     ("type", "filter=fatalities%20%3E%20'x'"), ("bow-tie", "filter=S_WITHIN(geometry%2CPOLYGON((35%2033%2C36%2034%2C36%2033%2C35%2034%2C35%2033)))"),
                     ("nul", "filter=%00"), ("empty", "filter="), ("json-garbage", "filter-lang=cql2-json&filter=%7B"), ("sortby-unknown", "sortby=colour"),
                     ("sortby-nullable", "sortby=notes"), ("queryable-type", "fatalities=many")])
            yield return Case($"ogc/items/filter/{label}", $"/ogc/collections/incidents/items?{query}");
        foreach (var v in BadBbox) yield return Case($"ogc/items/bbox/{Label(v)}", $"/ogc/collections/incidents/items?bbox={v}");
        foreach (var v in (string[])["EPSG:999999", "http://www.opengis.net/def/crs/EPSG/0/999999", "", "bogus"])
        {
            yield return Case($"ogc/items/crs/{Label(v)}", $"/ogc/collections/incidents/items?crs={v}");
            yield return Case($"ogc/items/bbox-crs/{Label(v)}", $"/ogc/collections/incidents/items?bbox=35,33,36,34&bbox-crs={v}");
        }
        foreach (var v in (string[])["2024-13-01T00:00:00Z", "yesterday", "2025-01-01T00:00:00Z/2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z/yesterday", "", "2024-01-01/2024-02-01/2024-03-01"])
            yield return Case($"ogc/items/datetime/{Label(v)}", $"/ogc/collections/incidents/items?datetime={v}");
        foreach (var v in (string[])["0", "-1", "abc", "1e3", ""]) yield return Case($"ogc/items/limit/{Label(v)}", $"/ogc/collections/incidents/items?limit={v}");
        foreach (var v in (string[])["garbage", "%00", ""]) yield return Case($"ogc/items/cursor/{Label(v)}", $"/ogc/collections/incidents/items?cursor={v}");
        yield return Case("ogc/collection/unknown", "/ogc/collections/no-such-collection");
        yield return Case("ogc/items/unknown-collection", "/ogc/collections/no-such-collection/items");
        foreach (var (label, id) in (ValueTuple<string, string>[])[("letters", "abc"), ("negative", "-1"), ("unknown", "999999999"), ("overflow", "99999999999999999999999")])
            yield return Case($"ogc/item/{label}", $"/ogc/collections/incidents/items/{id}");

        // Vector tiles
        foreach (var (label, zxy) in (ValueTuple<string, string>[])[("zoom-too-deep", "30/0/0"), ("x-out-of-range", "2/4/0"), ("y-out-of-range", "2/0/4"),
                     ("negative-x", "2/-1/0"), ("zoom-overflow", "99999999999/0/0")])
            yield return Case($"tiles/{label}", $"/tiles/incidents/{zxy}.mvt");
        yield return Case("tiles/unknown-layer", "/tiles/no-such-layer/0/0/0.mvt");
        yield return Case("tiles/bad-filter", "/tiles/incidents/5/19/12.mvt?bbox=1,2,3");
        yield return Case("tiles/unknown-tilejson", "/tiles/no-such-layer.json");

        // An unknown parameter on every endpoint that takes query parameters: a misspelt filter must not return everything.
        foreach (var path in (string[])["/api/incidents", "/api/stats/incidents", "/api/locate?lon=35.5&lat=33.2", "/api/lines", "/api/zones",
                     "/api/corridors", "/api/truces", "/api/truces/{truce}/report", "/api/incidents/1", "/api/changes", "/api/disputes",
                     "/api/zones/unsc-1701-area/versions", "/ogc", "/ogc/collections",
                     "/ogc/collections/incidents/items", "/ogc/conformance", "/tiles"])
            yield return Case($"rest/unknown-parameter{path.Split('?')[0].Replace("{truce}", "truce")}",
                path + (path.Contains('?') ? "&" : "?") + "frobnicate=1");
    }

    /// <summary>The filter parameters shared by the incident list and the stats (and the tiles), on <paramref name="path"/>.</summary>
    private static IEnumerable<BadCase> Filters(string path)
    {
        const string target = "incidents";
        foreach (var p in (string[])["from", "to"]) foreach (var v in BadInstant) yield return Get(target, p, v, path);
        yield return Case("rest/incidents/from/after-to", path + "?from=2025-01-02T00:00:00Z&to=2025-01-01T00:00:00Z");
        foreach (var p in (string[])["zone", "truce", "corridor"]) foreach (var v in BadSlug) yield return Get(target, p, v, path);
        foreach (var v in BadSlug) yield return Case($"rest/incidents/line/{Label(v)}", $"{path}?line={v}&lineDistance=1000");
        foreach (var v in BadBbox) yield return Get(target, "bbox", v, path);
        foreach (var v in (string[])["35.5", "abc,def", "NaN,NaN", "200,33", "35,95", "", "35.5,33.2,7"])
            yield return Case($"rest/incidents/near/{Label(v)}", $"{path}?near={v}&radius=1000");
        foreach (var v in BadNumber) yield return Case($"rest/incidents/radius/{Label(v)}", $"{path}?near=35.5,33.2&radius={v}");
        yield return Case("rest/incidents/radius/over-500-km", $"{path}?near=35.5,33.2&radius=500001");
        yield return Case("rest/incidents/radius/without-near", $"{path}?radius=1000");
        foreach (var v in BadNumber) yield return Case($"rest/incidents/lineDistance/{Label(v)}", $"{path}?line=blue-line&lineDistance={v}");
        yield return Case("rest/incidents/lineDistance/without-line", $"{path}?lineDistance=1000");
        foreach (var v in (string[])["east", "", "NORTH"]) yield return Get(target, "side", v, path);
        foreach (var v in (string[])["yes", "1", ""]) yield return Case($"rest/incidents/corridorOpen/{Label(v)}", $"{path}?corridor=no-such-corridor&corridorOpen={v}");
        yield return Case("rest/incidents/corridorOpen/without-corridor", $"{path}?corridorOpen=true");
        foreach (var p in (string[])["eventType", "subEventType", "status"])
        {
            foreach (var v in (string[])["Fights", "", ",,", HugeText]) yield return Get(target, p, v, path);
            yield return Case($"rest/incidents/{p}/101-values", $"{path}?{p}=" + string.Join(",", Enumerable.Range(0, 101).Select(i => "v" + i)));
        }
        foreach (var v in (string[])["", ",", string.Join(",", Enumerable.Range(0, 101).Select(i => "s" + i))]) yield return Get(target, "source", v, path);
        foreach (var p in (string[])["asOf", "updatedSince"]) foreach (var v in BadInstant.Take(5)) yield return Get(target, p, v, path);
        yield return Case("rest/incidents/asOf/zone-before-it-existed", $"{path}?zone=unsc-1701-area&asOf=1900-01-01");
        yield return Case("rest/incidents/claim/without-line", $"{path}?claim=lebanon");
        yield return Case("rest/incidents/claim/unknown-party", $"{path}?line=blue-line&lineDistance=1000&claim=atlantis");
    }

    private static BadCase Get(string target, string parameter, string value, string? path = null) =>
        Case($"rest/{target}/{parameter}/{Label(value)}", $"{path ?? "/api/" + target}?{parameter}={value}");

    private static BadCase Case(string name, string path, Role role = Role.Reader) =>
        new(name, "GET", path, null, role);

    /// <summary>A short readable label for a value (huge ones by their length).</summary>
    public static string Label(string v) => v switch
    {
        "" => "empty",
        { Length: > 40 } => $"{v.Length / 1000}k-{(char.IsDigit(v[0]) ? "digits" : "chars")}",
        _ => v.Replace("%", "pct").Replace("/", "slash").Replace(",", "_").Replace(":", "-"),
    };
}
