using System.Text.Json;
using Microsoft.AspNetCore.Http.Extensions;

namespace GeoMonitor.Api.Ogc;

/// <summary>
/// Provenance written into downloads (the REST GeoJSON export and OGC items): <c>licence</c>, <c>generatedAt</c>,
/// <c>permalink</c> at the top of a FeatureCollection, and <c>sources</c> (each incident source in the document with
/// its number of features) at its end, counted while the rows stream so that it costs no extra query. For CSV, an
/// optional HXL hashtag row under the header (?hxl=true).
/// </summary>
public static class ExportProvenance
{
    /// <summary>Licence of the data; GeoMonitor:Licence:Name / :Url / :Attribution override it.</summary>
    public static (string Name, string Url, string Attribution) Licence(IConfiguration config) => (
        config["GeoMonitor:Licence:Name"] ?? "CC BY 4.0",
        config["GeoMonitor:Licence:Url"] ?? "https://creativecommons.org/licenses/by/4.0/",
        config["GeoMonitor:Licence:Attribution"]
            ?? "GeoMonitor. Incident reports remain attributed to their sources (see 'sources'); lines marked approximate are sketches between sourced points.");

    /// <summary>
    /// The permalink of a download: this request's absolute URL with its parameters in a fixed order, paging
    /// parameters dropped, and — when the query has no upper time bound — <c>to</c> pinned to the generation instant,
    /// so that the link keeps naming the same period. (Reports uploaded later for that period, and review changes,
    /// can still change the answer; each feature's version and updatedAt show it.)
    /// </summary>
    public static string Permalink(HttpRequest r, DateTime generatedAt, string upperBound = "to")
    {
        var pairs = r.Query.Where(p => p.Key is not ("cursor" or "limit"))
            .SelectMany(p => p.Value.Select(v => (p.Key, Value: v ?? "")))
            .ToList();
        if (!pairs.Any(p => p.Key == upperBound) && !(upperBound == "datetime"))
            pairs.Add((upperBound, Features.Incidents.IncidentColumns.Instant(generatedAt)));
        var qb = new QueryBuilder();
        foreach (var (k, v) in pairs.OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal)) qb.Add(k, v);
        return UriHelper.BuildAbsolute(r.Scheme, r.Host, r.PathBase, r.Path, qb.ToQueryString());
    }

    /// <summary>Writes licence, generatedAt and permalink (call right after the FeatureCollection's type).</summary>
    public static void WriteHead(Utf8JsonWriter w, HttpContext http, string upperBound = "to")
    {
        var now = DateTime.UtcNow;
        var (name, url, attribution) = Licence(http.RequestServices.GetRequiredService<IConfiguration>());
        w.WriteStartObject("licence");
        w.WriteString("name", name);
        w.WriteString("url", url);
        w.WriteString("attribution", attribution);
        w.WriteEndObject();
        w.WriteString("generatedAt", Features.Incidents.IncidentColumns.Instant(now));
        w.WriteString("permalink", Permalink(http.Request, now, upperBound));
    }

    /// <summary>Writes <c>sources</c>: [{source, features}] in name order (call before the FeatureCollection ends).</summary>
    public static void WriteSources(Utf8JsonWriter w, IReadOnlyDictionary<string, int> counts)
    {
        w.WriteStartArray("sources");
        foreach (var (source, n) in counts.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            w.WriteStartObject();
            w.WriteString("source", source);
            w.WriteNumber("features", n);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    // HXL hashtags for the CSV columns (docs/ogc.md; ../shared/reference/acled-codes.md for the ACLED fields).
    private static readonly Dictionary<string, string> Hashtags = new(StringComparer.Ordinal)
    {
        ["id"] = "#meta+id",
        ["source"] = "#meta+source",
        ["externalId"] = "#meta+id+external",
        ["occurredAt"] = "#date+occurred",
        ["timePrecision"] = "#date+precision",
        ["eventType"] = "#event+type",
        ["subEventType"] = "#event+type+sub",
        ["actor1"] = "#group+name+first",
        ["actor2"] = "#group+name+second",
        ["fatalities"] = "#affected+killed",
        ["status"] = "#status+review",
        ["disputed"] = "#status+disputed",
        ["geoPrecision"] = "#geo+precision",
        ["uncertaintyM"] = "#geo+uncertainty+m",
        ["locationName"] = "#loc+name",
        ["notes"] = "#description",
        ["blueLineDistanceM"] = "#geo+distance+blue_line+m",
        ["blueLineSide"] = "#geo+side+blue_line",
        ["zones"] = "#loc+zone+list",
        ["corridors"] = "#loc+corridor+list",
        ["truces"] = "#event+truce+list",
        ["version"] = "#meta+version",
        ["updatedAt"] = "#date+updated",
        ["lon"] = "#geo+lon",
        ["lat"] = "#geo+lat",
    };

    /// <summary>The HXL hashtag row for a CSV header line (CRLF-terminated); a column without a hashtag gets an empty cell.</summary>
    public static string HxlRow(string csvHeader) =>
        string.Join(',', csvHeader.TrimEnd('\r', '\n').Split(',').Select(c => Hashtags.GetValueOrDefault(c, ""))) + "\r\n";
}
