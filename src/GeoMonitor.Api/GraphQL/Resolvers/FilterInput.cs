using GeoMonitor.Api.Features.Common;
using GeoMonitor.Api.Features.Incidents;
using GeoMonitor.Api.Features.Incidents.Query;
using GeoMonitor.Api.GraphQL.Data;
using GeoMonitor.Api.GraphQL.Scalars;
using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.Geo.GeoJson;
using GeoMonitor.Geo.Validation;
using GeoMonitor.GraphQL.Execution;
using NetTopologySuite.Geometries;

namespace GeoMonitor.Api.GraphQL.Resolvers;

/// <summary>
/// Translates the GraphQL IncidentFilter input into the query core's <see cref="IncidentFilter"/> — the record the REST
/// query string is translated into — with the checks the REST API makes. Ranges and formats are already enforced by
/// the custom scalars (input coercion); what is left here are the checks across members and the caller's visibility.
/// </summary>
public static class FilterInput
{
    /// <summary>The most vertices an ad-hoc <c>within</c> polygon may have.</summary>
    public const int MaxWithinVertices = 5000;

    private static readonly GeoJsonReader WithinReader = new(new GeoJsonReaderOptions { MaxVertices = MaxWithinVertices });

    /// <summary>A filter and the layers it names (to check they exist: a NOT_FOUND error, as REST's 404).</summary>
    /// <param name="Filter">The core filter.</param>
    /// <param name="Names">(table, slug, input path) of each named layer.</param>
    public sealed record Translated(IncidentFilter Filter, IReadOnlyList<(string Table, string Slug, string Path)> Names);

    /// <summary>Reads <paramref name="input"/> (null = no filter) for <paramref name="viewer"/>.</summary>
    /// <param name="input">The coerced input object.</param>
    /// <param name="viewer">The caller: what it may read is decided by <see cref="IncidentVisibility"/>.</param>
    /// <param name="argument">The argument's name, for error paths.</param>
    /// <param name="replaced">Members the parent field decides (e.g. withinZone under Zone.incidents): ignored.</param>
    public static Translated Read(IReadOnlyDictionary<string, object?>? input, Caller viewer, string argument = "filter", params string[] replaced)
    {
        input ??= new Dictionary<string, object?>();
        object? Get(string name) => replaced.Contains(name) ? null : input.GetValueOrDefault(name);
        var names = new List<(string, string, string)>();
        string? Named(string member, string table, object? value, string path)
        {
            if (value is not string slug) return null;
            names.Add((table, slug, path));
            return slug;
        }

        var from = Get("from") as DateTimeOffset?;
        var to = Get("to") as DateTimeOffset?;
        if (from is { } f && to is { } t && f > t)
            throw GqlErrors.BadInput($"{argument}.from", $"'from' ({f:O}) is after 'to' ({t:O}).");

        BoundingBox? bbox = null;
        if (Get("bbox") is IReadOnlyDictionary<string, object?> b)
        {
            bbox = new BoundingBox(D(b, "minLon"), D(b, "minLat"), D(b, "maxLon"), D(b, "maxLat"));
            if (bbox.MinLon > bbox.MaxLon || bbox.MinLat > bbox.MaxLat)
                throw GqlErrors.BadInput($"{argument}.bbox", "bbox minimum exceeds maximum (minLon ≤ maxLon and minLat ≤ maxLat).");
        }

        NearPoint? near = null;
        if (Get("near") is IReadOnlyDictionary<string, object?> n)
            near = new NearPoint(D(n, "lon"), D(n, "lat"), D(n, "metres"));

        string? line = null;
        double? lineMetres = null;
        string? claim = null;
        var sides = new List<string>();
        if (Get("nearLine") is IReadOnlyDictionary<string, object?> nl)
        {
            line = Named("nearLine", "lines", nl.GetValueOrDefault("slug"), $"{argument}.nearLine.slug");
            lineMetres = D(nl, "metres");
            if (nl.GetValueOrDefault("side") is string s) sides.Add(s);
            claim = nl.GetValueOrDefault("claim") as string;
        }
        if (Get("blueLineSide") is string side) sides.Add(side);

        string? corridor = null;
        bool? corridorOpen = null;
        if (Get("insideCorridor") is IReadOnlyDictionary<string, object?> c)
        {
            corridor = Named("insideCorridor", "corridors", c.GetValueOrDefault("slug"), $"{argument}.insideCorridor.slug");
            corridorOpen = c.GetValueOrDefault("onlyWhileOpen") as bool?;
        }

        AreaShape? within = null;
        if (Get("within") is GeoJsonInput area) within = Within(area, $"{argument}.within");

        var statuses = Strings(Get("statuses"));
        var filter = Visible(viewer, new IncidentFilter
        {
            Zone = Named("withinZone", "zones", Get("withinZone"), $"{argument}.withinZone"),
            Truce = Named("duringTruce", "truces", Get("duringTruce"), $"{argument}.duringTruce"),
            From = from,
            To = to,
            Bbox = bbox,
            Near = near,
            Line = line,
            LineDistanceM = lineMetres,
            Side = sides.Count == 0 ? null : sides[0] == "north" ? LineSide.North : LineSide.South,
            Corridor = corridor,
            CorridorOpen = corridorOpen,
            Within = within,
            EventTypes = Strings(Get("eventTypes")),
            SubEventTypes = Strings(Get("subEventTypes")),
            Statuses = statuses,
            Sources = Strings(Get("sources")),
            PreNotified = Get("preNotified") as bool?,
            // Two different sides asked for at once (nearLine.side and blueLineSide): nothing is on both.
            Ids = sides.Distinct().Count() > 1 ? [] : null,
            AsOf = Get("asOf") as DateTimeOffset?,
            Claim = claim,
            UpdatedSince = Get("updatedSince") as DateTimeOffset?,
        }, $"{argument}.statuses");
        return new Translated(filter, names);
    }

    /// <summary>
    /// The statuses a caller may be served (<see cref="IncidentVisibility"/>, the rule of every surface): asking for one
    /// the caller may not read is UNAUTHENTICATED naming <paramref name="path"/>, as REST's 401.
    /// </summary>
    public static IReadOnlyList<string>? Visible(Caller viewer, IReadOnlyList<string>? asked, string path = "statuses")
    {
        try { return IncidentVisibility.Statuses(viewer, asked, path); }
        catch (KeyRequiredException e) { throw GqlErrors.Translate(e, ""); }
    }

    /// <summary><paramref name="f"/> as <paramref name="viewer"/> may read it (<see cref="IncidentVisibility.Apply"/>), refusals as GraphQL errors.</summary>
    public static IncidentFilter Visible(Caller viewer, IncidentFilter f, string path)
    {
        try { return IncidentVisibility.Apply(f, viewer, path); }
        catch (KeyRequiredException e) { throw GqlErrors.Translate(e, ""); }
    }

    /// <summary>
    /// Checks that the named layers exist (from the layer cache: no statement once it is warm) and returns the access-path
    /// hint the REST API derives for <paramref name="filter"/>, which needs the truce window when it names a truce.
    /// </summary>
    public static async Task<IncidentPlan> EnsureExistAsync(ResolveContext ctx, Translated t, IncidentFilter? filter = null)
    {
        filter ??= t.Filter;
        // Layers as recorded at another instant, or a party's version of a line, are not in the cache: the query core's
        // own check answers (NOT_FOUND naming the earliest version, BAD_USER_INPUT for an unknown party), as REST's.
        if (filter.AsOf is not null || filter.Claim is not null)
        {
            try { return await GqlRequest.Of(ctx).Service<IncidentStore>().EnsureSlugsExistAsync(filter, ctx.CancellationToken); }
            catch (Exception e) when (e is ResourceNotFoundException or QueryParameterException)
            {
                var (parameter, message) = e switch { ResourceNotFoundException n => (n.Parameter, n.Message), QueryParameterException q => (q.Parameter, q.Message), _ => ("", "") };
                var path = parameter switch
                {
                    "asOf" => "filter.asOf",
                    "claim" => "filter.nearLine.claim",
                    _ => t.Names.FirstOrDefault(n => message.Contains($"'{n.Slug}'", StringComparison.Ordinal)).Path ?? parameter,
                };
                throw GqlErrors.Error(e is ResourceNotFoundException ? GqlErrors.NotFound : GqlErrors.BadUserInput, message, path,
                    (e as ResourceNotFoundException)?.Extensions);
            }
        }
        var names = t.Names.ToList();
        if (filter.Truce is { } parentTruce && !names.Any(n => n.Table == "truces" && n.Slug == parentTruce))
            names.Add(("truces", parentTruce, "duringTruce"));
        if (names.Count == 0) return IncidentPlan.For(filter);
        var infos = new LayerInfo[names.Count];
        for (var i = 0; i < names.Count; i++) infos[i] = await LayerLookup.InfoAsync(ctx, names[i].Table, names[i].Slug);
        for (var i = 0; i < names.Count; i++)
            if (infos[i] is not { Exists: true })
                throw GqlErrors.Error(GqlErrors.NotFound, $"No {names[i].Table[..^1]} with slug '{names[i].Slug}'.", names[i].Path);
        var truce = filter.Truce is null ? null : infos[names.FindIndex(n => n.Table == "truces" && n.Slug == filter.Truce)];
        return IncidentPlan.For(filter, truce?.From, truce?.To);
    }

    /// <summary>Validates an ad-hoc area: a GeoJSON Polygon or MultiPolygon, valid, at most <see cref="MaxWithinVertices"/> vertices.</summary>
    public static AreaShape Within(GeoJsonInput area, string path)
    {
        Geometry g;
        try
        {
            g = WithinReader.ReadGeometry(area.Json);
        }
        catch (GeoJsonException e)
        {
            throw GqlErrors.BadInput(path, $"within: {e.Message}");
        }
        if (g is not (Polygon or MultiPolygon))
            throw GqlErrors.BadInput(path, $"within must be a Polygon or MultiPolygon, not a {g.GeometryType}.");
        if (g.NumPoints > MaxWithinVertices)
            throw GqlErrors.BadInput(path, $"within has {g.NumPoints} vertices; the limit is {MaxWithinVertices}.");
        var check = GeometryValidator.Validate(g);
        if (!check.IsValid) throw GqlErrors.BadInput(path, $"within is not a valid polygon: {check.Message}.");
        return new AreaShape(g);
    }

    private static double D(IReadOnlyDictionary<string, object?> o, string name) => Convert.ToDouble(o[name], System.Globalization.CultureInfo.InvariantCulture);

    // An empty list restricts nothing, like an absent one: a map's empty multi-select means "all".
    private static IReadOnlyList<string>? Strings(object? value) =>
        value is System.Collections.IEnumerable e and not string
            ? e.Cast<object?>().OfType<string>().Distinct(StringComparer.Ordinal).ToList() is { Count: > 0 } l ? l : null
            : null;
}
