using System.Text;
using System.Text.Json;
using GeoMonitor.Geo.GeoJson;
using NetTopologySuite.Geometries;

namespace GeoMonitor.Geo.Tests.GeoJson;

public class GeoJsonReaderTests
{
    private readonly GeoJsonReader _reader = new();

    [Fact]
    public void Point_is_read_lon_lat_with_srid_4326()
    {
        var point = Assert.IsType<Point>(_reader.ReadGeometry("""{"type":"Point","coordinates":[35.532,33.3244]}"""));

        Assert.Equal(35.532, point.X);
        Assert.Equal(33.3244, point.Y);
        Assert.Equal(4326, point.SRID);
        Assert.True(double.IsNaN(point.Coordinate.Z));
    }

    [Theory]
    [InlineData("""{"type":"MultiPoint","coordinates":[[35,33],[35.5,33.5]]}""", typeof(MultiPoint), 2)]
    [InlineData("""{"type":"LineString","coordinates":[[35,33],[35.5,33.5]]}""", typeof(LineString), 2)]
    [InlineData("""{"type":"MultiLineString","coordinates":[[[35,33],[35.5,33.5]],[[35.1,33],[35.2,33.1],[35.3,33]]]}""", typeof(MultiLineString), 5)]
    [InlineData("""{"type":"Polygon","coordinates":[[[35,33],[36,33],[36,34],[35,34],[35,33]],[[35.2,33.2],[35.2,33.4],[35.4,33.4],[35.2,33.2]]]}""", typeof(Polygon), 9)]
    [InlineData("""{"type":"MultiPolygon","coordinates":[[[[35,33],[36,33],[36,34],[35,33]]],[[[30,30],[31,30],[31,31],[30,30]]]]}""", typeof(MultiPolygon), 8)]
    [InlineData("""{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[35,33]},{"type":"LineString","coordinates":[[35,33],[36,34]]}]}""", typeof(GeometryCollection), 3)]
    public void Every_geometry_type_is_read(string json, Type type, int vertices)
    {
        var geometry = _reader.ReadGeometry(json);

        Assert.IsType(type, geometry);
        Assert.Equal(vertices, geometry.NumPoints);
        Assert.Equal(4326, geometry.SRID);
    }

    [Fact]
    public void Feature_with_properties_and_string_id()
    {
        var feature = _reader.ReadFeature(
            """{"type":"Feature","id":"bl-1","geometry":{"type":"Point","coordinates":[35,33]},"properties":{"name":"נקודה","n":3,"tags":["a"]}}""");

        Assert.Equal(GeoJsonFeatureId.FromString("bl-1"), feature.Id);
        Assert.NotNull(feature.Properties);
        Assert.Equal("נקודה", feature.Properties["name"]!.GetValue<string>());
        Assert.Equal(3, feature.Properties["n"]!.GetValue<int>());
        Assert.IsType<Point>(feature.Geometry);
    }

    [Fact]
    public void Feature_with_numeric_id_keeps_the_exact_number()
    {
        var feature = _reader.ReadFeature(
            """{"type":"Feature","id":12345678901234567890,"geometry":null,"properties":null}""");

        Assert.True(feature.Id!.Value.IsNumber);
        Assert.Equal("12345678901234567890", feature.Id.Value.Text);
        Assert.Null(feature.Geometry);
        Assert.Null(feature.Properties);
    }

    [Fact]
    public void Feature_without_properties_member_is_tolerated()
    {
        var feature = _reader.ReadFeature("""{"type":"Feature","geometry":{"type":"Point","coordinates":[35,33]}}""");

        Assert.Null(feature.Properties);
        Assert.Null(feature.Id);
    }

    [Fact]
    public void Feature_collection_keeps_order()
    {
        var features = _reader.ReadFeatureCollection(
            """{"type":"FeatureCollection","features":[{"type":"Feature","id":1,"geometry":null,"properties":{}},{"type":"Feature","id":2,"geometry":{"type":"Point","coordinates":[35,33]},"properties":{}}]}""");

        Assert.Equal(["1", "2"], features.Select(f => f.Id!.Value.Text));
    }

    [Theory]
    [InlineData("""{"type":"Point","coordinates":[35,33]}""", 1)]
    [InlineData("""{"type":"Feature","geometry":{"type":"Point","coordinates":[35,33]},"properties":null}""", 1)]
    [InlineData("""{"type":"FeatureCollection","features":[]}""", 0)]
    public void Read_features_accepts_all_three_kinds_of_document(string json, int count) =>
        Assert.Equal(count, _reader.ReadFeatures(json).Count);

    [Fact]
    public async Task Read_features_async_reads_a_stream()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(
            """{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[35,33]},"properties":null}]}"""));

        var features = await _reader.ReadFeaturesAsync(stream);

        Assert.Single(features);
    }

    [Fact]
    public void Utf8_bytes_and_json_elements_are_accepted()
    {
        var bytes = Encoding.UTF8.GetBytes("""{"type":"Point","coordinates":[35,33]}""");
        using var document = JsonDocument.Parse(bytes);

        Assert.IsType<Point>(_reader.ReadGeometry(bytes));
        Assert.IsType<Point>(_reader.ReadGeometry(document.RootElement));
    }

    [Theory]
    [InlineData("urn:ogc:def:crs:OGC:1.3:CRS84")]
    [InlineData("urn:ogc:def:crs:OGC::CRS84")]
    [InlineData("urn:ogc:def:crs:EPSG::4326")]
    [InlineData("urn:ogc:def:crs:EPSG:6.6:4326")]
    [InlineData("EPSG:4326")]
    [InlineData("http://www.opengis.net/def/crs/OGC/1.3/CRS84")]
    public void Legacy_crs_member_naming_wgs84_is_accepted(string name)
    {
        var json = $$$"""{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"{{{name}}}"}},"features":[]}""";

        Assert.Empty(_reader.ReadFeatureCollection(json));
    }

    [Fact]
    public void Altitude_is_dropped_by_default_and_kept_on_request()
    {
        const string json = """{"type":"Point","coordinates":[35,33,812.5]}""";

        var flat = _reader.ReadGeometry(json);
        var withAltitude = new GeoJsonReader(new GeoJsonReaderOptions { KeepAltitude = true }).ReadGeometry(json);

        Assert.True(double.IsNaN(flat.Coordinate.Z));
        Assert.Equal(812.5, withAltitude.Coordinate.Z);
    }

    [Fact]
    public void Foreign_members_and_bbox_are_ignored()
    {
        var geometry = _reader.ReadGeometry("""{"type":"Point","bbox":[35,33,35,33],"coordinates":[35,33],"title":"x"}""");

        Assert.IsType<Point>(geometry);
    }

    [Fact]
    public void Empty_geometries_are_accepted_only_when_allowed()
    {
        const string json = """{"type":"Polygon","coordinates":[]}""";
        var lenient = new GeoJsonReader(new GeoJsonReaderOptions { AllowEmptyGeometries = true });

        Assert.Throws<GeoJsonException>(() => _reader.ReadGeometry(json));
        Assert.True(lenient.ReadGeometry(json).IsEmpty);
    }
}
