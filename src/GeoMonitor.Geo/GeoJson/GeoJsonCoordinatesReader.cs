using System.Globalization;
using System.Text.Json;
using NetTopologySuite.Geometries;

namespace GeoMonitor.Geo.GeoJson;

/// <summary>
/// Builds NTS geometries from RFC 7946 <c>coordinates</c> arrays, enforcing position, ring and range
/// rules and the vertex budget of one document.
/// </summary>
internal sealed class GeoJsonCoordinatesReader(GeoJsonReaderOptions options, GeometryFactory factory)
{
    private int _vertices;

    internal Point ReadPoint(JsonElement coordinates, JsonPathNode path)
    {
        if (IsAllowedEmpty(coordinates, path))
        {
            return factory.CreatePoint();
        }

        return factory.CreatePoint(ReadPosition(coordinates, path, -1));
    }

    internal MultiPoint ReadMultiPoint(JsonElement coordinates, JsonPathNode path)
    {
        if (IsAllowedEmpty(coordinates, path))
        {
            return factory.CreateMultiPoint();
        }

        return factory.CreateMultiPointFromCoords(ReadPositions(coordinates, path, 1, "A MultiPoint"));
    }

    internal LineString ReadLineString(JsonElement coordinates, JsonPathNode path)
    {
        if (IsAllowedEmpty(coordinates, path))
        {
            return factory.CreateLineString();
        }

        return factory.CreateLineString(ReadPositions(coordinates, path, 2, "A LineString"));
    }

    internal MultiLineString ReadMultiLineString(JsonElement coordinates, JsonPathNode path)
    {
        if (IsAllowedEmpty(coordinates, path))
        {
            return factory.CreateMultiLineString();
        }

        var lines = new LineString[coordinates.GetArrayLength()];
        var i = 0;
        foreach (var line in coordinates.EnumerateArray())
        {
            var linePath = path.Index(i);
            RequireArray(line, linePath, "Each LineString of a MultiLineString");
            lines[i++] = factory.CreateLineString(ReadPositions(line, linePath, 2, "A LineString"));
        }

        return factory.CreateMultiLineString(lines);
    }

    internal Polygon ReadPolygon(JsonElement coordinates, JsonPathNode path)
    {
        if (IsAllowedEmpty(coordinates, path))
        {
            return factory.CreatePolygon();
        }

        return ReadRings(coordinates, path);
    }

    internal MultiPolygon ReadMultiPolygon(JsonElement coordinates, JsonPathNode path)
    {
        if (IsAllowedEmpty(coordinates, path))
        {
            return factory.CreateMultiPolygon();
        }

        var polygons = new Polygon[coordinates.GetArrayLength()];
        var i = 0;
        foreach (var polygon in coordinates.EnumerateArray())
        {
            var polygonPath = path.Index(i);
            RequireArray(polygon, polygonPath, "Each polygon of a MultiPolygon");
            if (polygon.GetArrayLength() == 0)
            {
                throw new GeoJsonException("A polygon needs at least an exterior ring", polygonPath.ToString());
            }

            polygons[i++] = ReadRings(polygon, polygonPath);
        }

        return factory.CreateMultiPolygon(polygons);
    }

    private Polygon ReadRings(JsonElement rings, JsonPathNode path)
    {
        var shell = ReadRing(rings[0], path.Index(0));
        var holes = new LinearRing[rings.GetArrayLength() - 1];
        for (var i = 0; i < holes.Length; i++)
        {
            holes[i] = ReadRing(rings[i + 1], path.Index(i + 1));
        }

        return factory.CreatePolygon(shell, holes);
    }

    private LinearRing ReadRing(JsonElement ring, JsonPathNode path)
    {
        RequireArray(ring, path, "A polygon ring");
        var positions = ReadPositions(ring, path, 4, "A polygon ring");
        var first = positions[0];
        var last = positions[^1];
        if (first.X != last.X || first.Y != last.Y)
        {
            throw new GeoJsonException(
                $"Polygon ring is not closed: the first position ({Num(first.X)}, {Num(first.Y)}) differs from "
                + $"the last ({Num(last.X)}, {Num(last.Y)}); repeat the first position at the end",
                path.ToString());
        }

        return factory.CreateLinearRing(positions);
    }

    private Coordinate[] ReadPositions(JsonElement array, JsonPathNode path, int minimum, string what)
    {
        RequireArray(array, path, $"{what}'s coordinates");
        var count = array.GetArrayLength();
        if (count > 0 && array[0].ValueKind == JsonValueKind.Number)
        {
            throw new GeoJsonException(
                $"{what} must be an array of positions but holds bare numbers; 'coordinates' is nested one level too shallow",
                path.Index(0).ToString());
        }

        if (count < minimum)
        {
            throw new GeoJsonException(
                $"{what} needs at least {minimum} positions, found {count}", path.ToString());
        }

        var positions = new Coordinate[count];
        var i = 0;
        foreach (var position in array.EnumerateArray())
        {
            positions[i] = ReadPosition(position, path, i);
            i++;
        }

        return positions;
    }

    // index -1 means the position is the element at arrayPath itself (a Point's coordinates).
    private Coordinate ReadPosition(JsonElement position, JsonPathNode arrayPath, int index)
    {
        if (++_vertices > options.MaxVertices)
        {
            throw Fail($"Too many vertices: the limit is {options.MaxVertices} per document", arrayPath, index);
        }

        if (position.ValueKind != JsonValueKind.Array)
        {
            throw Fail(
                $"A position must be an array [longitude, latitude], found {Describe(position.ValueKind)}", arrayPath, index);
        }

        var length = position.GetArrayLength();
        if (length < 2)
        {
            throw Fail($"A position needs at least 2 numbers [longitude, latitude], found {length}", arrayPath, index);
        }

        var lon = ReadNumber(position[0], arrayPath, index);
        var lat = ReadNumber(position[1], arrayPath, index);
        var altitude = length > 2 ? ReadNumber(position[2], arrayPath, index) : double.NaN;
        for (var extra = 3; extra < length; extra++)
        {
            ReadNumber(position[extra], arrayPath, index);
        }

        if (lon is < -180 or > 180)
        {
            throw Fail($"Longitude {Num(lon)} is outside -180..180 (positions are [longitude, latitude])", arrayPath, index);
        }

        if (lat is < -90 or > 90)
        {
            throw Fail($"Latitude {Num(lat)} is outside -90..90 (positions are [longitude, latitude])", arrayPath, index);
        }

        return options.KeepAltitude ? new CoordinateZ(lon, lat, altitude) : new Coordinate(lon, lat);
    }

    private static double ReadNumber(JsonElement value, JsonPathNode arrayPath, int index)
    {
        if (value.ValueKind != JsonValueKind.Number)
        {
            throw Fail($"Position values must be numbers, found {Describe(value.ValueKind)}", arrayPath, index);
        }

        // System.Text.Json reports 1e400 as a successful parse to infinity.
        if (!value.TryGetDouble(out var number) || !double.IsFinite(number))
        {
            throw Fail($"Position value {value.GetRawText()} is not a finite number", arrayPath, index);
        }

        return number;
    }

    private bool IsAllowedEmpty(JsonElement coordinates, JsonPathNode path)
    {
        RequireArray(coordinates, path, "'coordinates'");
        if (coordinates.GetArrayLength() != 0)
        {
            return false;
        }

        if (!options.AllowEmptyGeometries)
        {
            throw new GeoJsonException("'coordinates' is empty; an empty geometry is not accepted", path.ToString());
        }

        return true;
    }

    private static void RequireArray(JsonElement element, JsonPathNode path, string what)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            throw new GeoJsonException($"{what} must be an array, found {Describe(element.ValueKind)}", path.ToString());
        }
    }

    private static GeoJsonException Fail(string problem, JsonPathNode arrayPath, int index) =>
        new(problem, (index < 0 ? arrayPath : arrayPath.Index(index)).ToString());

    internal static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private static string Num(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
