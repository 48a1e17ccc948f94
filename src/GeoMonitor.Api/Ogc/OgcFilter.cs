using System.Globalization;
using GeoMonitor.Api.Features.Common;
using GeoMonitor.Api.Features.Incidents.Query;
using GeoMonitor.Api.Ogc.Cql2;

namespace GeoMonitor.Api.Ogc;

/// <summary>
/// The OGC API - Features Part 3 parameters of an items request: <c>filter</c> in <c>filter-lang</c> (cql2-text by
/// default, cql2-json) with geometry literals in <c>filter-crs</c> (CRS84 by default), and the queryables used as query
/// parameters (<c>?fatalities=3</c>: equality). Everything becomes one CQL2 tree, ANDed, translated once into a
/// <see cref="SqlPredicate"/> over the collection's whitelisted queryables.
/// </summary>
public static class OgcFilter
{
    /// <summary>The parameters read here besides the queryables.</summary>
    public static readonly string[] Parameters = ["filter", "filter-lang", "filter-crs"];

    /// <summary>The filter languages accepted (cql-text: the draft's name, which GDAL 3.6 sends; read as cql2-text).</summary>
    public static readonly string[] Languages = ["cql2-text", "cql2-json", "cql-text"];

    /// <summary>
    /// The queryables a client may use as query parameters on <paramref name="collectionId"/>: all but the geometry and
    /// the names that are already filter parameters of that collection (those keep their meaning: "any of" lists).
    /// </summary>
    public static IReadOnlyList<string> QueryableParameters(string collectionId, IReadOnlyCollection<string> existing) =>
        [.. Cql2Queryables.For(collectionId).All.Where(q => q.Type != Cql2Type.Geometry && !existing.Contains(q.Name)).Select(q => q.Name)];

    /// <summary>The filter of the request as SQL, or null when it has none.</summary>
    public static SqlPredicate? Read(HttpRequest request, string collectionId, IReadOnlyCollection<string> existing)
    {
        var queryables = Cql2Queryables.For(collectionId);
        var parts = new List<Cql2Predicate>();
        foreach (var name in QueryableParameters(collectionId, existing))
            if (request.Query.TryGetValue(name, out var v))
                parts.Add(Equality(queryables.Find(name)!, name, v));

        var q = request.Query;
        var text = Single(request, "filter");
        var lang = Single(request, "filter-lang");
        var crsName = Single(request, "filter-crs");
        if (lang is not null && !Languages.Contains(lang, StringComparer.Ordinal))
            throw new QueryParameterException("filter-lang", $"'filter-lang' must be cql2-text or cql2-json, got '{lang}'.");
        var crs = OgcCrs.Crs84;
        if (crsName is not null)
            crs = OgcCrs.Find(crsName) ?? throw new QueryParameterException("filter-crs",
                $"'filter-crs' must be one of {string.Join(", ", OgcCrs.Uris)}, got '{crsName}'.");
        if (text is null && (lang is not null || crsName is not null) && !q.ContainsKey("filter"))
            throw new QueryParameterException(lang is not null ? "filter-lang" : "filter-crs", "'filter-lang' and 'filter-crs' need a 'filter'.");
        if (text is not null)
            parts.Add(lang == "cql2-json" ? Cql2JsonReader.Parse(text) : Cql2TextParser.Parse(text));

        if (parts.Count == 0) return null;
        var all = parts.Count == 1 ? parts[0] : new Cql2Logical(true, parts) { At = parts[0].At };
        return Cql2SqlTranslator.Translate(all, queryables, crs);
    }

    private static string? Single(HttpRequest request, string name)
    {
        if (!request.Query.TryGetValue(name, out var v)) return null;
        if (v.Count > 1) throw new QueryParameterException(name, $"'{name}' is given more than once.");
        var s = v.ToString();
        if (s.Trim().Length == 0) throw new QueryParameterException(name, $"'{name}' is empty.");
        return name == "filter" ? s : s.Trim();
    }

    // Part 3, "Queryables as query parameters": the parameter's value is a literal of the queryable's type, compared for
    // equality. Errors name the parameter, not the filter.
    private static Cql2Predicate Equality(Cql2Queryable q, string name, Microsoft.Extensions.Primitives.StringValues values)
    {
        if (values.Count > 1) throw new QueryParameterException(name, $"'{name}' is given more than once.");
        var s = values.ToString();
        var at = Cql2Location.Json("$" + name);
        Cql2Operand literal;
        switch (q.Type)
        {
            case Cql2Type.String:
                literal = new Cql2String(s) { At = at };
                break;
            case Cql2Type.Integer or Cql2Type.Number:
                if (!decimal.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
                    || (q.Type == Cql2Type.Integer && d != decimal.Truncate(d)))
                    throw new QueryParameterException(name, $"'{name}' must be {(q.Type == Cql2Type.Integer ? "an integer" : "a number")}, got '{s}'.");
                literal = new Cql2Number((double)d, d) { At = at };
                break;
            case Cql2Type.Boolean:
                literal = s.Trim() switch
                {
                    "true" => new Cql2Boolean(true) { At = at },
                    "false" => new Cql2Boolean(false) { At = at },
                    _ => throw new QueryParameterException(name, $"'{name}' must be true or false, got '{s}'."),
                };
                break;
            default:
                literal = new Cql2Timestamp(QueryReader.ParseInstant(name, s.Trim()).UtcDateTime) { At = at };
                break;
        }
        return new Cql2Comparison("=", new Cql2Property(q.Name) { At = at }, literal) { At = at };
    }
}
