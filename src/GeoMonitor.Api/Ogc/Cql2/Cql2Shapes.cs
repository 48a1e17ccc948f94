using NetTopologySuite.Geometries;

namespace GeoMonitor.Api.Ogc.Cql2;

/// <summary>
/// Builds geometry literals from positions for both encodings (WKT in text, GeoJSON in JSON), in the axis order they
/// were written; <see cref="Cql2SqlTranslator"/> puts them into the filter CRS. A ring that is not closed, or has fewer
/// than 4 positions, is refused here with the literal's place; validity (self-intersections) is checked later.
/// </summary>
public static class Cql2Shapes
{
    /// <summary>The most positions a filter's geometries may have together.</summary>
    public const int MaxPositions = 10_000;

    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 0);

    /// <summary>A point.</summary>
    public static Point Point(Coordinate c) => Factory.CreatePoint(c);

    /// <summary>A line string of at least two positions.</summary>
    public static LineString Line(IReadOnlyList<Coordinate> cs, Cql2Location at)
    {
        if (cs.Count < 2) throw new Cql2Exception(at, "A line string needs at least 2 positions");
        return Factory.CreateLineString([.. cs]);
    }

    /// <summary>A polygon from its rings (exterior first).</summary>
    public static Polygon Polygon(IReadOnlyList<IReadOnlyList<Coordinate>> rings, Cql2Location at)
    {
        if (rings.Count == 0) throw new Cql2Exception(at, "A polygon needs an exterior ring");
        var linear = rings.Select(r =>
        {
            if (r.Count < 4) throw new Cql2Exception(at, "A polygon ring needs at least 4 positions (the first repeated last)");
            if (!r[0].Equals2D(r[^1])) throw new Cql2Exception(at, "A polygon ring must end where it starts");
            return Factory.CreateLinearRing([.. r]);
        }).ToList();
        return Factory.CreatePolygon(linear[0], [.. linear.Skip(1)]);
    }

    /// <summary>A multi-point.</summary>
    public static MultiPoint MultiPoint(IReadOnlyList<Coordinate> cs) => Factory.CreateMultiPoint([.. cs.Select(Point)]);

    /// <summary>A multi-line string.</summary>
    public static MultiLineString MultiLine(IReadOnlyList<LineString> lines) => Factory.CreateMultiLineString([.. lines]);

    /// <summary>A multi-polygon.</summary>
    public static MultiPolygon MultiPolygon(IReadOnlyList<Polygon> polygons) => Factory.CreateMultiPolygon([.. polygons]);

    /// <summary>A geometry collection.</summary>
    public static GeometryCollection Collection(IReadOnlyList<Geometry> parts) => Factory.CreateGeometryCollection([.. parts]);

    /// <summary>Counts positions and refuses a filter with more than <see cref="MaxPositions"/>.</summary>
    public sealed class Budget
    {
        private int _used;

        /// <summary>Takes <paramref name="n"/> positions from the budget.</summary>
        public void Take(int n, Cql2Location at)
        {
            _used += n;
            if (_used > MaxPositions)
                throw new Cql2Exception(at, $"The filter's geometries have more than {MaxPositions} positions");
        }
    }
}
