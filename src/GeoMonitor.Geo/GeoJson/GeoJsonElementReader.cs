using System.Text.Json;
using System.Text.Json.Nodes;
using NetTopologySuite.Geometries;

namespace GeoMonitor.Geo.GeoJson;

/// <summary>
/// Reads GeoJSON objects (geometries, features, collections) from a parsed document. One instance
/// reads one document, so the vertex budget spans the whole upload.
/// </summary>
internal sealed class GeoJsonElementReader
{
    private readonly GeoJsonReaderOptions _options;
    private readonly GeometryFactory _factory;
    private readonly GeoJsonCoordinatesReader _coordinates;

    internal GeoJsonElementReader(GeoJsonReaderOptions options, GeometryFactory factory)
    {
        _options = options;
        _factory = factory;
        _coordinates = new GeoJsonCoordinatesReader(options, factory);
    }

    internal IReadOnlyList<GeoJsonFeature> ReadAny(JsonElement root)
    {
        var path = JsonPathNode.Root;
        return RequireType(root, path) switch
        {
            "FeatureCollection" => ReadFeatureCollection(root, path),
            "Feature" => [ReadFeature(root, path)],
            _ => [new GeoJsonFeature(ReadGeometry(root, path, depth: 1))],
        };
    }

    internal IReadOnlyList<GeoJsonFeature> ReadFeatureCollection(JsonElement element, JsonPathNode path)
    {
        ExpectType(element, path, "FeatureCollection");
        GeoJsonCrsMember.Check(element, path);
        var featuresPath = path.Property("features");
        var features = RequireMember(element, path, "features", JsonValueKind.Array, "an array of Feature objects");
        var result = new List<GeoJsonFeature>(features.GetArrayLength());
        var i = 0;
        foreach (var feature in features.EnumerateArray())
        {
            result.Add(ReadFeature(feature, featuresPath.Index(i++)));
        }

        return result;
    }

    internal GeoJsonFeature ReadFeature(JsonElement element, JsonPathNode path)
    {
        ExpectType(element, path, "Feature");
        GeoJsonCrsMember.Check(element, path);
        if (!element.TryGetProperty("geometry", out var geometryElement))
        {
            throw new GeoJsonException("A Feature must have a 'geometry' member (it may be null)", path.ToString());
        }

        var geometry = geometryElement.ValueKind == JsonValueKind.Null
            ? null
            : ReadGeometry(geometryElement, path.Property("geometry"), depth: 1);
        return new GeoJsonFeature(geometry, ReadProperties(element, path), ReadId(element, path));
    }

    internal Geometry ReadGeometry(JsonElement element, JsonPathNode path, int depth)
    {
        // Only GeometryCollection recurses; the explicit bound keeps caller-supplied JsonElements safe too.
        if (depth > _options.MaxDepth)
        {
            throw new GeoJsonException($"Geometry nesting is deeper than {_options.MaxDepth}", path.ToString());
        }

        var type = RequireType(element, path);
        GeoJsonCrsMember.Check(element, path);
        if (type == "GeometryCollection")
        {
            return ReadGeometryCollection(element, path, depth);
        }

        var coordinatesPath = path.Property("coordinates");
        if (!element.TryGetProperty("coordinates", out var coordinates) || coordinates.ValueKind == JsonValueKind.Null)
        {
            throw new GeoJsonException(
                type is "Feature" or "FeatureCollection"
                    ? $"Expected a geometry but found a {type}"
                    : $"A {type} must have a 'coordinates' array", path.ToString());
        }

        return type switch
        {
            "Point" => _coordinates.ReadPoint(coordinates, coordinatesPath),
            "MultiPoint" => _coordinates.ReadMultiPoint(coordinates, coordinatesPath),
            "LineString" => _coordinates.ReadLineString(coordinates, coordinatesPath),
            "MultiLineString" => _coordinates.ReadMultiLineString(coordinates, coordinatesPath),
            "Polygon" => _coordinates.ReadPolygon(coordinates, coordinatesPath),
            "MultiPolygon" => _coordinates.ReadMultiPolygon(coordinates, coordinatesPath),
            _ => throw new GeoJsonException(
                $"Unknown geometry type '{type}'; expected Point, MultiPoint, LineString, MultiLineString, Polygon, "
                + "MultiPolygon or GeometryCollection (names are case-sensitive)", path.Property("type").ToString()),
        };
    }

    private GeometryCollection ReadGeometryCollection(JsonElement element, JsonPathNode path, int depth)
    {
        var geometriesPath = path.Property("geometries");
        var geometries = RequireMember(element, path, "geometries", JsonValueKind.Array, "an array of geometries");
        if (geometries.GetArrayLength() == 0 && !_options.AllowEmptyGeometries)
        {
            throw new GeoJsonException("'geometries' is empty; an empty geometry is not accepted", geometriesPath.ToString());
        }

        var members = new Geometry[geometries.GetArrayLength()];
        var i = 0;
        foreach (var member in geometries.EnumerateArray())
        {
            members[i] = ReadGeometry(member, geometriesPath.Index(i), depth + 1);
            i++;
        }

        return _factory.CreateGeometryCollection(members);
    }

    private static JsonObject? ReadProperties(JsonElement feature, JsonPathNode path)
    {
        if (!feature.TryGetProperty("properties", out var properties) || properties.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (properties.ValueKind != JsonValueKind.Object)
        {
            throw new GeoJsonException(
                $"'properties' must be an object or null, found {GeoJsonCoordinatesReader.Describe(properties.ValueKind)}",
                path.Property("properties").ToString());
        }

        // The document is disposed after reading, so the properties need their own copy.
        return JsonObject.Create(properties.Clone());
    }

    private static GeoJsonFeatureId? ReadId(JsonElement feature, JsonPathNode path)
    {
        if (!feature.TryGetProperty("id", out var id))
        {
            return null;
        }

        return id.ValueKind switch
        {
            JsonValueKind.String => GeoJsonFeatureId.FromString(id.GetString()!),
            JsonValueKind.Number => GeoJsonFeatureId.FromJsonNumberText(id.GetRawText()),
            _ => throw new GeoJsonException(
                $"A Feature 'id' must be a string or a number, found {GeoJsonCoordinatesReader.Describe(id.ValueKind)}",
                path.Property("id").ToString()),
        };
    }

    private static void ExpectType(JsonElement element, JsonPathNode path, string expected)
    {
        var type = RequireType(element, path);
        if (type != expected)
        {
            throw new GeoJsonException($"Expected a {expected} but found type '{type}'", path.Property("type").ToString());
        }
    }

    private static string RequireType(JsonElement element, JsonPathNode path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new GeoJsonException(
                $"Expected a GeoJSON object, found {GeoJsonCoordinatesReader.Describe(element.ValueKind)}", path.ToString());
        }

        return RequireMember(element, path, "type", JsonValueKind.String, "a string").GetString()!;
    }

    private static JsonElement RequireMember(
        JsonElement element, JsonPathNode path, string name, JsonValueKind kind, string description)
    {
        if (!element.TryGetProperty(name, out var member))
        {
            throw new GeoJsonException($"Missing required member '{name}'", path.ToString());
        }

        if (member.ValueKind != kind)
        {
            throw new GeoJsonException(
                $"'{name}' must be {description}, found {GeoJsonCoordinatesReader.Describe(member.ValueKind)}",
                path.Property(name).ToString());
        }

        return member;
    }
}
