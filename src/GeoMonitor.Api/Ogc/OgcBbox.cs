using System.Globalization;
using GeoMonitor.Api.Features.Common;
using GeoMonitor.Api.Features.Incidents.Query;
using NetTopologySuite.Geometries;

namespace GeoMonitor.Api.Ogc;

/// <summary>
/// The OGC <c>bbox</c> with its <c>bbox-crs</c>: either a plain lon/lat box (CRS84 or EPSG:4326 that does not cross
/// the antimeridian, the index-friendly common case) or an area in its own CRS (the geometry's SRID), which PostGIS
/// transforms to WGS 84. A projected box is densified (32 points an edge) first, because its straight edges are curves in degrees.
/// </summary>
public sealed record OgcBbox(BoundingBox? LonLat, Geometry Area)
{
    private const int PointsPerEdge = 32;

    /// <summary>Parses <c>minx,miny,maxx,maxy</c> (or the 6-number 3D form, heights ignored) in <paramref name="crs"/>.</summary>
    public static OgcBbox Parse(string value, OgcCrs crs)
    {
        var parts = value.Split(',');
        if (parts.Length is not (4 or 6))
            throw new QueryParameterException("bbox", $"'bbox' must be 4 numbers (minx,miny,maxx,maxy in the bbox-crs), got '{value}'.");
        var n = parts.Select(p => QueryReader.ParseNumber("bbox", p.Trim(), double.MinValue, double.MaxValue)).ToArray();
        var (x0, y0, x1, y1) = parts.Length == 4 ? (n[0], n[1], n[2], n[3]) : (n[0], n[1], n[3], n[4]);
        if (crs.LatitudeFirst) (x0, y0, x1, y1) = (y0, x0, y1, x1);
        var factory = new GeometryFactory(new PrecisionModel(), crs.Srid);
        if (crs.Srid == 4326)
        {
            if (x0 < -180 || x1 > 180 || x0 > 180 || x1 < -180 || y0 < -90 || y1 > 90 || y0 > y1)
                throw new QueryParameterException("bbox", $"'bbox' is not a valid longitude/latitude box ({Order(crs)}): '{value}'.");
            if (x0 <= x1)
                return new OgcBbox(new BoundingBox(x0, y0, x1, y1), Box(factory, x0, y0, x1, y1, 1));
            // minx > maxx: the box crosses the antimeridian (OGC API - Features, 7.15.3).
            var both = factory.CreateMultiPolygon([Box(factory, x0, y0, 180, y1, 1), Box(factory, -180, y0, x1, y1, 1)]);
            return new OgcBbox(null, both);
        }
        if (x0 >= x1 || y0 >= y1)
            throw new QueryParameterException("bbox", $"'bbox' minimum must be below maximum ({Order(crs)}): '{value}'.");
        return new OgcBbox(null, Box(factory, x0, y0, x1, y1, PointsPerEdge));
    }

    /// <summary>The shape for the shared incident filter.</summary>
    public IncidentFilter Apply(IncidentFilter f) =>
        LonLat is { } b ? f with { Bbox = b } : f with { Within = new AreaShape(Area) };

    private static string Order(OgcCrs crs) => crs.LatitudeFirst ? "minLat,minLon,maxLat,maxLon" : "minx,miny,maxx,maxy";

    private static Polygon Box(GeometryFactory f, double x0, double y0, double x1, double y1, int perEdge)
    {
        var pts = new List<Coordinate>();
        void Edge(double ax, double ay, double bx, double by)
        {
            for (var i = 0; i < perEdge; i++)
                pts.Add(new Coordinate(ax + (bx - ax) * i / perEdge, ay + (by - ay) * i / perEdge));
        }
        // Counter-clockwise from the lower left corner.
        Edge(x0, y0, x1, y0);
        Edge(x1, y0, x1, y1);
        Edge(x1, y1, x0, y1);
        Edge(x0, y1, x0, y0);
        pts.Add(pts[0].Copy());
        return f.CreatePolygon(pts.ToArray());
    }

    /// <summary>The box as text, for messages.</summary>
    public override string ToString() => LonLat is { } b
        ? string.Create(CultureInfo.InvariantCulture, $"{b.MinLon},{b.MinLat},{b.MaxLon},{b.MaxLat}") : "area";
}
