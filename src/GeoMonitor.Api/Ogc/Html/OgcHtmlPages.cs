using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace GeoMonitor.Api.Ogc.Html;

/// <summary>
/// Renders the OGC API's JSON documents as HTML for a browser: landing page, conformance, collections, a collection, its
/// queryables, a page of items (a table and a map of the page) and one feature (its properties and a map). Every value
/// from the data or the request goes through <see cref="Text"/> or <see cref="Attr"/> (HTML-encoded: incident notes
/// are user text); the features the map draws travel as JSON in a non-executed script element, encoded so that no
/// "&lt;/script&gt;" can end it. Links between pages carry <c>f=html</c>.
/// </summary>
public static class OgcHtmlPages
{
    // Escapes what HTML needs (<, >, &, quotes) but leaves Arabic and Hebrew names readable.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    // The default JavaScriptEncoder escapes <, >, & and quotes as \uXXXX: safe inside a script element.
    private static readonly JsonSerializerOptions ScriptJson = new() { Encoder = JavaScriptEncoder.Default };

    /// <summary>The whole document for <paramref name="page"/>.</summary>
    public static string Render(OgcHtmlPage page, JsonElement doc, HttpRequest request, string? collectionId)
    {
        var site = OgcLinks.Site(request);
        var root = OgcLinks.Root(request);
        var sb = new StringBuilder();
        var (title, crumbs) = page switch
        {
            OgcHtmlPage.Landing => (Str(doc, "title") ?? "OGC API", Crumbs(root)),
            OgcHtmlPage.Conformance => ("Conformance classes", Crumbs(root, ("Conformance", null))),
            OgcHtmlPage.Collections => ("Collections", Crumbs(root, ("Collections", null))),
            OgcHtmlPage.Collection => (Str(doc, "title") ?? collectionId!, Crumbs(root, ("Collections", root + "/collections"), (Str(doc, "title") ?? collectionId!, null))),
            OgcHtmlPage.Queryables => ("Queryables of " + collectionId, Crumbs(root, ("Collections", root + "/collections"),
                (CollectionTitle(collectionId!), root + "/collections/" + collectionId), ("Queryables", null))),
            OgcHtmlPage.Items => (CollectionTitle(collectionId!) + ": features", Crumbs(root, ("Collections", root + "/collections"),
                (CollectionTitle(collectionId!), root + "/collections/" + collectionId), ("Features", null))),
            _ => (CollectionTitle(collectionId!) + " " + IdText(doc), Crumbs(root, ("Collections", root + "/collections"),
                (CollectionTitle(collectionId!), root + "/collections/" + collectionId), ("Features", root + "/collections/" + collectionId + "/items"),
                (IdText(doc), null))),
        };
        var map = page is OgcHtmlPage.Items or OgcHtmlPage.Item;
        sb.Append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
          .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
          .Append("<title>").Append(Text(page == OgcHtmlPage.Landing ? title : title + " — GeoMonitor OGC API")).Append("</title>\n")
          .Append("<link rel=\"icon\" href=\"data:,\">\n") // no favicon request
          .Append("<link rel=\"stylesheet\" href=\"").Append(Attr(site + "/ogc-html.css")).Append("\">\n");
        if (map) sb.Append("<link rel=\"stylesheet\" href=\"").Append(Attr(site + "/vendor/maplibre-gl.css")).Append("\">\n");
        var jsonUrl = WithF(CurrentUrl(request), "json");
        sb.Append("<link rel=\"alternate\" type=\"application/json\" href=\"").Append(Attr(jsonUrl)).Append("\">\n")
          .Append("</head>\n<body>\n<header><nav class=\"crumbs\">").Append(crumbs).Append("</nav></header>\n<main>\n")
          .Append("<h1>").Append(Text(title)).Append("</h1>\n");
        switch (page)
        {
            case OgcHtmlPage.Landing: Landing(sb, doc, root); break;
            case OgcHtmlPage.Conformance: Conformance(sb, doc); break;
            case OgcHtmlPage.Collections: Collections(sb, doc); break;
            case OgcHtmlPage.Collection: Collection(sb, doc); break;
            case OgcHtmlPage.Queryables: Queryables(sb, doc); break;
            case OgcHtmlPage.Items: Items(sb, doc, request, collectionId!); break;
            default: Item(sb, doc, request, root, collectionId!); break;
        }
        sb.Append("</main>\n<footer>This page as <a href=\"").Append(Attr(jsonUrl)).Append("\">JSON</a>. ")
          .Append("Without an API key only verified incidents are shown. Geometry marked approximate is a sketch between sourced points.</footer>\n");
        if (map) sb.Append("<script type=\"module\" src=\"").Append(Attr(site + "/ogc-html.js")).Append("\"></script>\n");
        sb.Append("</body>\n</html>\n");
        return sb.ToString();
    }

    /// <summary>HTML-encoded text.</summary>
    public static string Text(string? s) => s is null ? "" : Encoder.Encode(s);

    /// <summary>An HTML-encoded attribute value (to go between double quotes).</summary>
    public static string Attr(string s) => Encoder.Encode(s);

    private static string CollectionTitle(string id) => OgcCatalog.Layer(id)?.Title ?? (id == OgcCatalog.Incidents ? "Incidents" : id);

    private static string IdText(JsonElement feature) =>
        feature.TryGetProperty("id", out var id) ? "#" + id.ToString() : "feature";

    private static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static string Crumbs(string root, params (string Title, string? Href)[] steps)
    {
        var sb = new StringBuilder();
        sb.Append(steps.Length == 0 ? "<span>OGC API</span>" : $"<a href=\"{Attr(WithF(root, "html"))}\">OGC API</a>");
        foreach (var (t, href) in steps)
        {
            sb.Append(" › ");
            sb.Append(href is null ? $"<span>{Text(t)}</span>" : $"<a href=\"{Attr(WithF(href, "html"))}\">{Text(t)}</a>");
        }
        return sb.ToString();
    }

    /// <summary>This request's absolute URL.</summary>
    private static string CurrentUrl(HttpRequest r) => $"{r.Scheme}://{r.Host}{r.PathBase}{r.Path}{r.QueryString}";

    /// <summary><paramref name="url"/> with <c>f</c> set to <paramref name="f"/> (other parameters kept).</summary>
    public static string WithF(string url, string f)
    {
        var q = url.IndexOf('?', StringComparison.Ordinal);
        var path = q < 0 ? url : url[..q];
        var pairs = q < 0 ? [] : QueryHelpers.ParseQuery(url[q..]).Where(kv => kv.Key != "f").ToList();
        pairs.Add(new KeyValuePair<string, StringValues>("f", f));
        foreach (var (k, v) in pairs)
            foreach (var one in v)
                path = QueryHelpers.AddQueryString(path, k, one ?? "");
        return path;
    }

    private static void Links(StringBuilder sb, JsonElement doc, Func<JsonElement, bool>? include = null)
    {
        if (!doc.TryGetProperty("links", out var links)) return;
        sb.Append("<ul class=\"links\">\n");
        foreach (var l in links.EnumerateArray())
        {
            if (include is not null && !include(l)) continue;
            var href = Str(l, "href")!;
            var type = Str(l, "type") ?? "";
            // JSON documents of this API have an HTML page; the OpenAPI definition and GeoJSON downloads stay as they are.
            var target = type is OgcLinks.Json or OgcLinks.GeoJson && !href.EndsWith("/api", StringComparison.Ordinal) ? WithF(href, "html") : href;
            sb.Append("<li><a href=\"").Append(Attr(target)).Append("\">").Append(Text(Str(l, "title") ?? href)).Append("</a> <small>")
              .Append(Text(Str(l, "rel"))).Append("</small></li>\n");
        }
        sb.Append("</ul>\n");
    }

    private static void Landing(StringBuilder sb, JsonElement doc, string root)
    {
        sb.Append("<p>").Append(Text(Str(doc, "description"))).Append("</p>\n<ul class=\"links\">\n")
          .Append($"<li><a id=\"to-collections\" href=\"{Attr(WithF(root + "/collections", "html"))}\">Collections</a>: lines, zones, corridors and incidents</li>\n")
          .Append($"<li><a href=\"{Attr(WithF(root + "/conformance", "html"))}\">Conformance classes</a></li>\n")
          .Append($"<li><a href=\"{Attr(root + "/api")}\">API definition</a> (OpenAPI 3.0, JSON)</li>\n</ul>\n");
    }

    private static void Conformance(StringBuilder sb, JsonElement doc)
    {
        sb.Append("<ul class=\"conformance\">\n");
        foreach (var c in doc.GetProperty("conformsTo").EnumerateArray())
            sb.Append("<li><code>").Append(Text(c.GetString())).Append("</code></li>\n");
        sb.Append("</ul>\n");
    }

    private static void Collections(StringBuilder sb, JsonElement doc)
    {
        sb.Append("<table class=\"collections\">\n<thead><tr><th>Collection</th><th>Description</th><th>Extent</th></tr></thead>\n<tbody>\n");
        foreach (var c in doc.GetProperty("collections").EnumerateArray())
        {
            var self = c.GetProperty("links").EnumerateArray().First(l => Str(l, "rel") == "self");
            sb.Append("<tr><td><a class=\"collection\" href=\"").Append(Attr(WithF(Str(self, "href")!, "html"))).Append("\">")
              .Append(Text(Str(c, "title"))).Append("</a></td><td>").Append(Text(Str(c, "description"))).Append("</td><td>")
              .Append(Extent(c)).Append("</td></tr>\n");
        }
        sb.Append("</tbody>\n</table>\n");
    }

    private static string Extent(JsonElement c)
    {
        var parts = new List<string>();
        if (c.TryGetProperty("extent", out var e))
        {
            if (e.TryGetProperty("spatial", out var s))
                parts.Add("bbox " + string.Join(", ", s.GetProperty("bbox")[0].EnumerateArray().Select(v => v.GetDouble().ToString("0.####", CultureInfo.InvariantCulture))));
            if (e.TryGetProperty("temporal", out var t))
            {
                var i = t.GetProperty("interval")[0];
                parts.Add((i[0].ValueKind == JsonValueKind.String ? i[0].GetString() : "..") + " / " + (i[1].ValueKind == JsonValueKind.String ? i[1].GetString() : ".."));
            }
        }
        return Text(string.Join("; ", parts));
    }

    private static void Collection(StringBuilder sb, JsonElement doc)
    {
        sb.Append("<p>").Append(Text(Str(doc, "description"))).Append("</p>\n<p>Extent: ").Append(Extent(doc)).Append("</p>\n");
        var items = doc.GetProperty("links").EnumerateArray().First(l => Str(l, "rel") == "items");
        sb.Append("<p><a id=\"to-items\" class=\"button\" href=\"").Append(Attr(WithF(Str(items, "href")!, "html"))).Append("\">Browse the features</a></p>\n");
        Links(sb, doc, l => Str(l, "rel") is not ("self" or "items"));
        sb.Append("<h2>Coordinate reference systems</h2>\n<ul>\n");
        foreach (var crs in doc.GetProperty("crs").EnumerateArray()) sb.Append("<li><code>").Append(Text(crs.GetString())).Append("</code></li>\n");
        sb.Append("</ul>\n");
    }

    private static void Queryables(StringBuilder sb, JsonElement doc)
    {
        sb.Append("<p>").Append(Text(Str(doc, "description"))).Append("</p>\n")
          .Append("<table>\n<thead><tr><th>Name</th><th>Type</th><th>Role</th><th>Description</th></tr></thead>\n<tbody>\n");
        foreach (var p in doc.GetProperty("properties").EnumerateObject())
        {
            var type = Str(p.Value, "type") ?? "";
            if (Str(p.Value, "format") is { } format) type = type.Length == 0 ? format : type + " (" + format + ")";
            sb.Append("<tr><td><code>").Append(Text(p.Name)).Append("</code></td><td>").Append(Text(type)).Append("</td><td>")
              .Append(Text(Str(p.Value, "x-ogc-role"))).Append("</td><td>").Append(Text(Str(p.Value, "description"))).Append("</td></tr>\n");
        }
        sb.Append("</tbody>\n</table>\n");
    }

    private static readonly string[] FormParameters = ["filter", "sortby", "limit"];

    private static void Items(StringBuilder sb, JsonElement fc, HttpRequest request, string collectionId)
    {
        var features = fc.GetProperty("features");
        var returned = fc.GetProperty("numberReturned").GetInt32();
        // numberMatched is left out above 100,000 matches and on the pages after the first (docs/ogc.md).
        var summary = fc.TryGetProperty("numberMatched", out var m) ? $"{returned} shown of {m.GetInt64().ToString("N0", CultureInfo.InvariantCulture)} matching."
            : request.Query.ContainsKey("cursor") ? $"{returned} shown on this following page (the first page gives the number matching)."
            : $"{returned} shown of more than 100,000 matching.";
        sb.Append("<p id=\"summary\" data-returned=\"").Append(returned.ToString(CultureInfo.InvariantCulture)).Append("\">")
          .Append(Text(summary)).Append("</p>\n");

        // A small form for the Part 3 parameters; the request's other parameters ride along unchanged.
        sb.Append("<form class=\"query\" method=\"get\">\n");
        foreach (var (k, v) in request.Query)
            if (!FormParameters.Contains(k) && k is not ("f" or "cursor"))
                foreach (var one in v)
                    sb.Append("<input type=\"hidden\" name=\"").Append(Attr(k)).Append("\" value=\"").Append(Attr(one ?? "")).Append("\">\n");
        sb.Append("<input type=\"hidden\" name=\"f\" value=\"html\">\n")
          .Append("<label>Filter (CQL2) <input name=\"filter\" size=\"60\" value=\"").Append(Attr(request.Query["filter"].ToString())).Append("\" placeholder=\"")
          .Append(Attr(collectionId == OgcCatalog.Incidents ? "eventType = 'Battles' AND fatalities > 0" : "kind = 'buffer'")).Append("\"></label>\n")
          .Append("<label>Sort by <input name=\"sortby\" size=\"18\" value=\"").Append(Attr(request.Query["sortby"].ToString()))
          .Append("\" placeholder=\"").Append(Attr(collectionId == OgcCatalog.Incidents ? "-occurredAt" : "name")).Append("\"></label>\n")
          .Append("<label>Per page <input name=\"limit\" size=\"5\" value=\"").Append(Attr(request.Query["limit"].ToString())).Append("\" placeholder=\"10\"></label>\n")
          .Append("<button type=\"submit\">Apply</button> <a href=\"").Append(Attr(WithF(OgcLinks.Root(request) + "/collections/" + collectionId + "/queryables", "html")))
          .Append("\">What can be filtered</a>\n</form>\n");

        Map(sb, request, features.EnumerateArray());

        var columns = new List<string>();
        foreach (var f in features.EnumerateArray())
            foreach (var p in f.GetProperty("properties").EnumerateObject())
                if (!columns.Contains(p.Name) && p.Name != "id") columns.Add(p.Name);
        var self = OgcLinks.Root(request) + "/collections/" + collectionId + "/items/";
        sb.Append("<div class=\"scroll\">\n<table id=\"features\">\n<thead><tr><th>id</th>");
        foreach (var c in columns) sb.Append("<th>").Append(Text(c)).Append("</th>");
        sb.Append("</tr></thead>\n<tbody>\n");
        foreach (var f in features.EnumerateArray())
        {
            var id = f.GetProperty("id").ToString();
            sb.Append("<tr data-id=\"").Append(Attr(id)).Append("\"><td><a class=\"feature\" href=\"").Append(Attr(WithF(self + id, "html"))).Append("\">")
              .Append(Text(id)).Append("</a></td>");
            var props = f.GetProperty("properties");
            foreach (var c in columns)
                sb.Append("<td>").Append(props.TryGetProperty(c, out var v) ? Text(Value(v)) : "").Append("</td>");
            sb.Append("</tr>\n");
        }
        sb.Append("</tbody>\n</table>\n</div>\n<nav class=\"paging\">");
        var first = WithF(OgcLinks.WithParameter(request, "cursor", null), "html");
        sb.Append("<a id=\"first\" href=\"").Append(Attr(first)).Append("\">First page</a>");
        var next = fc.GetProperty("links").EnumerateArray().FirstOrDefault(l => Str(l, "rel") == "next");
        if (next.ValueKind == JsonValueKind.Object)
            sb.Append(" <a id=\"next\" rel=\"next\" href=\"").Append(Attr(WithF(Str(next, "href")!, "html"))).Append("\">Next page</a>");
        sb.Append("</nav>\n");
        Sources(sb, fc);
    }

    private static void Sources(StringBuilder sb, JsonElement fc)
    {
        if (!fc.TryGetProperty("licence", out var licence)) return;
        sb.Append("<p class=\"licence\">Licence: <a href=\"").Append(Attr(Str(licence, "url") ?? "")).Append("\">").Append(Text(Str(licence, "name")))
          .Append("</a>. ").Append(Text(Str(licence, "attribution"))).Append("</p>\n");
    }

    private static void Item(StringBuilder sb, JsonElement feature, HttpRequest request, string root, string collectionId)
    {
        Map(sb, request, [feature]);
        sb.Append("<table id=\"properties\">\n<tbody>\n");
        foreach (var p in feature.GetProperty("properties").EnumerateObject())
            sb.Append("<tr><th>").Append(Text(p.Name)).Append("</th><td>").Append(Text(Value(p.Value))).Append("</td></tr>\n");
        sb.Append("</tbody>\n</table>\n<p><a href=\"").Append(Attr(WithF(root + "/collections/" + collectionId + "/items", "html")))
          .Append("\">All features of the collection</a></p>\n");
    }

    // The map of the page's features (drawn by ogc-html.js with the MapLibre copy this API serves). Their geometry and id
    // travel as JSON that cannot close the script element. MapLibre draws longitude/latitude: other crs get no map.
    private static void Map(StringBuilder sb, HttpRequest request, IEnumerable<JsonElement> features)
    {
        if (request.Query["crs"].ToString() is { Length: > 0 } crs && OgcCrs.Find(crs) != OgcCrs.Crs84)
        {
            sb.Append("<p class=\"note\">No map: it draws CRS84 coordinates, and this page asked for ").Append(Text(crs)).Append(".</p>\n");
            return;
        }
        sb.Append("<div id=\"map\" class=\"map\" role=\"img\" aria-label=\"Map of the features on this page\"></div>\n");

        var fc = new
        {
            type = "FeatureCollection",
            features = features.Select(f => new { type = "Feature", id = f.GetProperty("id"), geometry = f.GetProperty("geometry") }).ToList(),
        };
        sb.Append("<script type=\"application/json\" id=\"map-data\">").Append(JsonSerializer.Serialize(fc, ScriptJson)).Append("</script>\n");
    }

    private static string Value(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.String => v.GetString()!,
        JsonValueKind.Null or JsonValueKind.Undefined => "",
        JsonValueKind.Array when v.EnumerateArray().All(x => x.ValueKind == JsonValueKind.String) => string.Join(", ", v.EnumerateArray().Select(x => x.GetString())),
        _ => v.GetRawText(),
    };
}
