using GeoMonitor.Geo.GeoJson;

namespace GeoMonitor.Geo.Tests.GeoJson;

/// <summary>Every rejection names the problem and the JSON path of the offending member.</summary>
public class GeoJsonRejectionTests
{
    private readonly GeoJsonReader _reader = new();

    [Theory]
    [InlineData("""{"type":"Pointy","coordinates":[35,33]}""", "Unknown geometry type 'Pointy'", "$.type")]
    [InlineData("""{"type":"point","coordinates":[35,33]}""", "Unknown geometry type 'point'", "$.type")]
    [InlineData("""{"type":5,"coordinates":[35,33]}""", "'type' must be a string", "$.type")]
    [InlineData("""{"coordinates":[35,33]}""", "Missing required member 'type'", "$")]
    [InlineData("""[35,33]""", "Expected a GeoJSON object, found an array", "$")]
    [InlineData("""{"type":"Point"}""", "must have a 'coordinates' array", "$")]
    [InlineData("""{"type":"Point","coordinates":null}""", "must have a 'coordinates' array", "$")]
    [InlineData("""{"type":"Point","coordinates":"35,33"}""", "must be an array, found a string", "$.coordinates")]
    [InlineData("""{"type":"Point","coordinates":[35]}""", "at least 2 numbers", "$.coordinates")]
    [InlineData("""{"type":"Point","coordinates":["35","33"]}""", "must be numbers, found a string", "$.coordinates")]
    [InlineData("""{"type":"Point","coordinates":[1e400,33]}""", "not a finite number", "$.coordinates")]
    [InlineData("""{"type":"Point","coordinates":[35,33,"high"]}""", "must be numbers", "$.coordinates")]
    [InlineData("""{"type":"Point","coordinates":[181,33]}""", "Longitude 181 is outside -180..180", "$.coordinates")]
    [InlineData("""{"type":"Point","coordinates":[35,-90.5]}""", "Latitude -90.5 is outside -90..90", "$.coordinates")]
    [InlineData("""{"type":"LineString","coordinates":[[35,33],[35,95]]}""", "Latitude 95", "$.coordinates[1]")]
    [InlineData("""{"type":"LineString","coordinates":[[35,33]]}""", "at least 2 positions, found 1", "$.coordinates")]
    [InlineData("""{"type":"MultiPoint","coordinates":[[35,33],35]}""", "must be an array [longitude, latitude], found a number", "$.coordinates[1]")]
    [InlineData("""{"type":"Polygon","coordinates":[[[35,33],[36,33],[36,34],[35,34]]]}""", "ring is not closed", "$.coordinates[0]")]
    [InlineData("""{"type":"Polygon","coordinates":[[[35,33],[36,33],[35,33]]]}""", "at least 4 positions, found 3", "$.coordinates[0]")]
    [InlineData("""{"type":"Polygon","coordinates":[[[35,33],[36,33],[36,34],[35,33]],[[35.2,33.1],[35.3,33.1],[35.3,33.2]]]}""", "at least 4 positions", "$.coordinates[1]")]
    [InlineData("""{"type":"Polygon","coordinates":[[35,33],[36,33],[36,34],[35,33]]}""", "nested one level too shallow", "$.coordinates[0][0]")]
    [InlineData("""{"type":"MultiPoint","coordinates":[35,33]}""", "nested one level too shallow", "$.coordinates[0]")]
    [InlineData("""{"type":"MultiPolygon","coordinates":[[[[35,33],[36,33],[36,34],[35,33]]],[[[30,30],[31,30],[31,31],[30,91]]]]}""", "Latitude 91", "$.coordinates[1][0][3]")]
    [InlineData("""{"type":"MultiPolygon","coordinates":[[]]}""", "needs at least an exterior ring", "$.coordinates[0]")]
    [InlineData("""{"type":"GeometryCollection"}""", "Missing required member 'geometries'", "$")]
    [InlineData("""{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[35,333]}]}""", "Latitude 333", "$.geometries[0].coordinates")]
    [InlineData("""{"type":"Feature","geometry":null,"properties":null}""", "Expected a geometry but found a Feature", "$")]
    [InlineData("""{"type":"Point","coordinates":[]}""", "'coordinates' is empty", "$.coordinates")]
    [InlineData("""{"type":"GeometryCollection","geometries":[]}""", "'geometries' is empty", "$.geometries")]
    public void Bad_geometries_are_rejected_with_a_path(string json, string problem, string path) =>
        AssertRejected(() => _reader.ReadGeometry(json), problem, path);

    [Theory]
    [InlineData("""{"type":"Feature","properties":{}}""", "must have a 'geometry' member", "$")]
    [InlineData("""{"type":"Feature","geometry":null,"properties":[1]}""", "'properties' must be an object or null", "$.properties")]
    [InlineData("""{"type":"Feature","id":true,"geometry":null}""", "'id' must be a string or a number", "$.id")]
    [InlineData("""{"type":"Point","coordinates":[35,33]}""", "Expected a Feature but found type 'Point'", "$.type")]
    [InlineData("""{"type":"Feature","geometry":{"type":"Point","coordinates":[35,-100]}}""", "Latitude -100", "$.geometry.coordinates")]
    public void Bad_features_are_rejected_with_a_path(string json, string problem, string path) =>
        AssertRejected(() => _reader.ReadFeature(json), problem, path);

    [Theory]
    [InlineData("""{"type":"FeatureCollection"}""", "Missing required member 'features'", "$")]
    [InlineData("""{"type":"FeatureCollection","features":{}}""", "'features' must be an array", "$.features")]
    [InlineData("""{"type":"FeatureCollection","features":[{"type":"Feature","geometry":null},{"type":"Feature","geometry":{"type":"LineString","coordinates":[[35,33],[200,33]]}}]}""", "Longitude 200", "$.features[1].geometry.coordinates[1]")]
    [InlineData("""{"type":"FeatureCollection","features":[{"type":"Feature","geometry":null},"x"]}""", "Expected a GeoJSON object, found a string", "$.features[1]")]
    public void Bad_collections_are_rejected_with_a_path(string json, string problem, string path) =>
        AssertRejected(() => _reader.ReadFeatureCollection(json), problem, path);

    [Theory]
    [InlineData("""{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:2039"}},"features":[]}""", "Unsupported CRS 'EPSG:2039'", "$.crs.properties.name")]
    [InlineData("""{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::3857"}},"features":[]}""", "Unsupported CRS", "$.crs.properties.name")]
    [InlineData("""{"type":"FeatureCollection","crs":{"type":"link","properties":{"href":"http://x"}},"features":[]}""", "Unsupported 'crs' member", "$.crs")]
    [InlineData("""{"type":"FeatureCollection","crs":null,"features":[]}""", "Unsupported 'crs' member", "$.crs")]
    [InlineData("""{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","crs":{"type":"name","properties":{"name":"EPSG:32636"}},"coordinates":[35,33]}}]}""", "Unsupported CRS 'EPSG:32636'", "$.features[0].geometry.crs.properties.name")]
    public void Non_wgs84_crs_is_rejected(string json, string problem, string path) =>
        AssertRejected(() => _reader.ReadFeatures(json), problem, path);

    [Theory]
    [InlineData("""{"type":"Point","coordinates":[35,33]""", "Invalid JSON")]
    [InlineData("""{"type":"Point","coordinates":[35,33,],}""", "Invalid JSON")]
    [InlineData("""{"type":"Point","type":"LineString","coordinates":[35,33]}""", "Invalid JSON")]
    [InlineData("""{"type":"Point",/*c*/"coordinates":[35,33]}""", "Invalid JSON")]
    [InlineData("", "Invalid JSON")]
    public void Malformed_json_is_a_geojson_exception(string json, string problem)
    {
        var ex = Assert.Throws<GeoJsonException>(() => _reader.ReadGeometry(json));

        Assert.StartsWith(problem, ex.Problem, StringComparison.Ordinal);
    }

    private static void AssertRejected(Action read, string problem, string path)
    {
        var ex = Assert.Throws<GeoJsonException>(read);

        Assert.Contains(problem, ex.Problem, StringComparison.Ordinal);
        Assert.Equal(path, ex.Path);
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }
}
