using GeoMonitor.Api.Features.Common;
using GeoMonitor.Api.Features.Incidents.Query;
using GeoMonitor.Api.Infrastructure.Auth;

namespace GeoMonitor.Api.Features.Incidents;

/// <summary>The output formats of GET /api/incidents.</summary>
public enum IncidentFormat
{
    /// <summary>A paged RFC 7946 FeatureCollection.</summary>
    GeoJson,
    /// <summary>RFC 4180 CSV of every match.</summary>
    Csv,
    /// <summary>RFC 8142 GeoJSON text sequence of every match.</summary>
    GeoJsonSeq,
}

/// <summary>Translates the REST query string into an <see cref="IncidentFilter"/>, with a 400 naming the parameter for bad input.</summary>
public static class IncidentRequest
{
    /// <summary>The states of the verification lifecycle.</summary>
    public static readonly string[] AllStatuses = [.. Verification.IncidentStates.All];

    /// <summary>The filter parameters (shared by the incident list and the stats).</summary>
    public static readonly string[] FilterParameters =
    [
        "zone", "truce", "from", "to", "bbox", "near", "radius", "line", "lineDistance", "side", "corridor", "corridorOpen",
        "eventType", "subEventType", "status", "source",
        // pre-notifications (Features/Notifications)
        "preNotified",
        // issue 15: the layers as recorded at an instant, a party's version of a line, and what changed since
        "asOf", "claim", "updatedSince",
    ];

    /// <summary>The largest page.</summary>
    public const int MaxLimit = 10_000;

    /// <summary>The largest radius or line distance: 500 km.</summary>
    public const double MaxDistanceM = 500_000;

    /// <summary>Reads the filters (not the page) from <paramref name="q"/> and applies what <paramref name="viewer"/> may see.</summary>
    public static async Task<IncidentFilter> ReadFilterAsync(QueryReader q, Caller viewer, AcledCatalog acled, CancellationToken ct)
    {
        var from = q.Instant("from");
        var to = q.Instant("to");
        if (from is { } f && to is { } t && f > t)
            throw new QueryParameterException("from", $"'from' ({f:O}) is after 'to' ({t:O}).");

        NearPoint? near = null;
        var radius = q.Double("radius", 0, MaxDistanceM, minExclusive: true);
        if (q.String("near") is { } nearText)
        {
            var (lon, lat) = LonLat("near", nearText);
            near = new NearPoint(lon, lat, radius ?? throw new QueryParameterException("radius", "'radius' (metres) is required with 'near'."));
        }
        else if (radius is not null) throw new QueryParameterException("radius", "'radius' needs 'near' (lon,lat).");

        var line = q.String("line");
        var lineDistance = q.Double("lineDistance", 0, MaxDistanceM, minExclusive: true);
        if (line is not null && lineDistance is null) throw new QueryParameterException("lineDistance", "'lineDistance' (metres) is required with 'line'.");
        if (line is null && lineDistance is not null) throw new QueryParameterException("line", "'lineDistance' needs 'line' (a line slug, e.g. blue-line).");

        var claim = q.String("claim");
        if (claim is not null && line is null && !q.Has("side"))
            throw new QueryParameterException("claim", "'claim' (a party) needs 'line' (e.g. line=blue-line&lineDistance=2000) or 'side'.");

        var corridor = q.String("corridor");
        var corridorOpen = q.Bool("corridorOpen");
        if (corridorOpen is not null && corridor is null) throw new QueryParameterException("corridorOpen", "'corridorOpen' needs 'corridor'.");

        var statuses = q.List("status");
        if (statuses?.FirstOrDefault(s => !AllStatuses.Contains(s)) is { } badStatus)
            throw new QueryParameterException("status", $"Unknown status '{badStatus}'; one of {string.Join(", ", AllStatuses)}.");

        var eventTypes = q.List("eventType");
        var subEventTypes = q.List("subEventType");
        if (eventTypes is not null || subEventTypes is not null)
        {
            var (types, subs) = await acled.GetAsync(ct);
            if (eventTypes?.FirstOrDefault(e => !types.Contains(e)) is { } badType)
                throw new QueryParameterException("eventType", $"Unknown ACLED event type '{badType}'; one of {string.Join("; ", types.Order())}.");
            if (subEventTypes?.FirstOrDefault(e => !subs.Contains(e)) is { } badSub)
                throw new QueryParameterException("subEventType", $"Unknown ACLED sub-event type '{badSub}'.");
        }

        return IncidentVisibility.Apply(new IncidentFilter
        {
            Zone = q.String("zone"),
            Truce = q.String("truce"),
            From = from,
            To = to,
            Bbox = q.String("bbox") is { } b ? Bbox(b) : null,
            Near = near,
            Line = line,
            LineDistanceM = lineDistance,
            Side = q.OneOf("side", "north", "south") switch { "north" => LineSide.North, "south" => LineSide.South, _ => null },
            Corridor = corridor,
            CorridorOpen = corridorOpen,
            EventTypes = eventTypes,
            SubEventTypes = subEventTypes,
            Statuses = statuses,
            Sources = q.List("source"),
            PreNotified = q.Bool("preNotified"),
            AsOf = q.Instant("asOf"),
            Claim = claim,
            UpdatedSince = q.Instant("updatedSince"),
        }, viewer);
    }

    /// <summary>Reads the page parameters (limit, cursor, order).</summary>
    public static IncidentPage ReadPage(QueryReader q)
    {
        var limit = q.Int("limit", 1, MaxLimit) ?? 100;
        var order = q.OneOf("order", "asc", "desc") == "desc" ? IncidentOrder.Descending : IncidentOrder.Ascending;
        IncidentCursor? after = null;
        if (q.String("cursor") is { } token)
        {
            if (!IncidentCursor.TryDecode(token, out after))
                throw new QueryParameterException("cursor", "'cursor' is not a cursor from a 'next' link of this API.");
            if (after.Order != order)
                throw new QueryParameterException("cursor", "'cursor' was made for the other 'order'.");
        }
        return new IncidentPage(limit, after, order);
    }

    /// <summary>format=geojson|csv|geojsonseq, else the Accept header, else GeoJSON.</summary>
    public static IncidentFormat ReadFormat(QueryReader q, HttpRequest request)
    {
        switch (q.OneOf("format", "geojson", "csv", "geojsonseq"))
        {
            case "csv": return IncidentFormat.Csv;
            case "geojsonseq": return IncidentFormat.GeoJsonSeq;
            case "geojson": return IncidentFormat.GeoJson;
        }
        var accept = request.Headers.Accept.ToString();
        if (accept.Contains("text/csv", StringComparison.OrdinalIgnoreCase)) return IncidentFormat.Csv;
        if (accept.Contains("application/geo+json-seq", StringComparison.OrdinalIgnoreCase)) return IncidentFormat.GeoJsonSeq;
        return IncidentFormat.GeoJson;
    }

    /// <summary>minLon,minLat,maxLon,maxLat in degrees.</summary>
    public static BoundingBox Bbox(string s)
    {
        var parts = s.Split(',');
        if (parts.Length != 4) throw new QueryParameterException("bbox", $"'bbox' must be minLon,minLat,maxLon,maxLat, got '{s}'.");
        var x0 = QueryReader.ParseNumber("bbox", parts[0].Trim(), -180, 180);
        var y0 = QueryReader.ParseNumber("bbox", parts[1].Trim(), -90, 90);
        var x1 = QueryReader.ParseNumber("bbox", parts[2].Trim(), -180, 180);
        var y1 = QueryReader.ParseNumber("bbox", parts[3].Trim(), -90, 90);
        if (x0 > x1 || y0 > y1) throw new QueryParameterException("bbox", $"'bbox' minimum exceeds maximum in '{s}' (order: minLon,minLat,maxLon,maxLat).");
        return new BoundingBox(x0, y0, x1, y1);
    }

    /// <summary>"lon,lat" in degrees.</summary>
    public static (double Lon, double Lat) LonLat(string name, string s)
    {
        var parts = s.Split(',');
        if (parts.Length != 2) throw new QueryParameterException(name, $"'{name}' must be lon,lat, got '{s}'.");
        return (QueryReader.ParseNumber(name, parts[0].Trim(), -180, 180), QueryReader.ParseNumber(name, parts[1].Trim(), -90, 90));
    }
}
