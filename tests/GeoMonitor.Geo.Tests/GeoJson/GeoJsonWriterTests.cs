using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GeoMonitor.Geo.GeoJson;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace GeoMonitor.Geo.Tests.GeoJson;

public class GeoJsonWriterTests
{
    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);
    private readonly GeoJsonWriter _writer = new();

    [Fact]
    public void Point_is_written_lon_lat_without_crs()
    {
        var json = _writer.ToJson(Factory.CreatePoint(new Coordinate(35.532, 33.3244)));

        Assert.Equal("""{"type":"Point","coordinates":[35.532,33.3244]}""", json);
    }

    [Fact]
    public void Coordinates_are_rounded_to_six_decimals_by_default()
    {
        var json = _writer.ToJson(Factory.CreatePoint(new Coordinate(35.123456789, -33.0000004)));

        Assert.Equal("""{"type":"Point","coordinates":[35.123457,-33]}""", json);
    }

    [Fact]
    public void Decimals_are_configurable_and_negative_zero_is_not_written()
    {
        var writer = new GeoJsonWriter(new GeoJsonWriterOptions { Decimals = 2 });

        var json = writer.ToJson(Factory.CreatePoint(new Coordinate(3955404.14699, -0.001)));

        Assert.Equal("""{"type":"Point","coordinates":[3955404.15,0]}""", json);
    }

    [Fact]
    public void Exterior_ring_is_written_counter_clockwise_and_holes_clockwise()
    {
        // Input deliberately wrong: exterior clockwise, hole counter-clockwise.
        var polygon = (Polygon)new WKTReader().Read(
            "POLYGON((35 33, 35 34, 36 34, 36 33, 35 33), (35.2 33.2, 35.8 33.2, 35.8 33.8, 35.2 33.8, 35.2 33.2))");

        using var document = JsonDocument.Parse(_writer.ToJson(polygon));
        var rings = document.RootElement.GetProperty("coordinates");

        Assert.True(ShoelaceArea(rings[0]) > 0, "exterior must be counter-clockwise");
        Assert.True(ShoelaceArea(rings[1]) < 0, "hole must be clockwise");
        Assert.Equal(36.0, rings[0][1][0].GetDouble());
        Assert.Equal(33.0, rings[0][1][1].GetDouble());
        Assert.Equal(35, polygon.ExteriorRing.GetCoordinateN(1).X);
        Assert.Equal(34, polygon.ExteriorRing.GetCoordinateN(1).Y);
    }

    [Fact]
    public void Correctly_oriented_rings_are_written_as_given()
    {
        var polygon = new WKTReader().Read("MULTIPOLYGON(((35 33, 36 33, 36 34, 35 33)))");

        var json = _writer.ToJson(polygon);

        Assert.Equal("""{"type":"MultiPolygon","coordinates":[[[[35,33],[36,33],[36,34],[35,33]]]]}""", json);
    }

    [Fact]
    public void Feature_and_collection_are_written_with_id_properties_and_null_geometry()
    {
        var feature = new GeoJsonFeature(
            Factory.CreatePoint(new Coordinate(35, 33)),
            new JsonObject { ["name"] = "Beaufort", ["elevation"] = 710 },
            GeoJsonFeatureId.FromNumber(7));
        var unlocated = new GeoJsonFeature(null, null, GeoJsonFeatureId.FromString("x-1"));

        var json = _writer.ToJson([feature, unlocated]);

        Assert.Equal(
            """{"type":"FeatureCollection","features":[{"type":"Feature","id":7,"geometry":{"type":"Point","coordinates":[35,33]},"properties":{"name":"Beaufort","elevation":710}},{"type":"Feature","id":"x-1","geometry":null,"properties":null}]}""",
            json);
    }

    [Theory]
    [InlineData("POINT (35.1 33.2)")]
    [InlineData("MULTIPOINT ((35.1 33.2), (35.3 33.4))")]
    [InlineData("LINESTRING (35.1 33.2, 35.3 33.4, 35.5 33.1)")]
    [InlineData("MULTILINESTRING ((35.1 33.2, 35.3 33.4), (35.5 33.1, 35.6 33.2))")]
    [InlineData("POLYGON ((35 33, 36 33, 36 34, 35 34, 35 33), (35.2 33.2, 35.2 33.8, 35.8 33.8, 35.8 33.2, 35.2 33.2))")]
    [InlineData("MULTIPOLYGON (((35 33, 36 33, 36 34, 35 33)), ((30 30, 31 30, 31 31, 30 30)))")]
    [InlineData("GEOMETRYCOLLECTION (POINT (35.123456 33.654321), LINESTRING (35 33, 36 34))")]
    public void Geometries_round_trip(string wkt)
    {
        var original = new WKTReader(NetTopologySuite.NtsGeometryServices.Instance).Read(wkt);

        var read = new GeoJsonReader().ReadGeometry(_writer.ToJson(original));

        Assert.True(original.EqualsExact(read), $"{wkt} became {read}");
        Assert.Equal(4326, read.SRID);
    }

    [Fact]
    public void Features_round_trip_including_large_numeric_ids_and_unicode()
    {
        const string json =
            """{"type":"FeatureCollection","features":[{"type":"Feature","id":12345678901234567890,"geometry":{"type":"Point","coordinates":[35.5,33.3]},"properties":{"name_ar":"قلعة الشقيف","nested":{"a":[1,2]}}}]}""";
        var features = new GeoJsonReader().ReadFeatureCollection(json);

        var written = _writer.ToJson(features);
        var reread = new GeoJsonReader().ReadFeatureCollection(written);

        Assert.Contains("\"id\":12345678901234567890", written, StringComparison.Ordinal);
        Assert.Equal("قلعة الشقيف", reread[0].Properties!["name_ar"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(features[0].Properties, reread[0].Properties));
    }

    [Fact]
    public async Task Feature_collection_streams_from_an_async_source()
    {
        using var stream = new MemoryStream();
        await using (var writer = new Utf8JsonWriter(stream))
        {
            await _writer.WriteFeatureCollectionAsync(writer, Many(2_000));
        }

        var features = new GeoJsonReader().ReadFeatureCollection(Encoding.UTF8.GetString(stream.ToArray()));

        Assert.Equal(2_000, features.Count);
        Assert.Equal("1999", features[^1].Id!.Value.Text);
    }

    [Fact]
    public void Altitude_is_written_only_on_request()
    {
        var point = Factory.CreatePoint(new CoordinateZ(35, 33, 812.5));

        Assert.Equal("""{"type":"Point","coordinates":[35,33]}""", _writer.ToJson(point));
        Assert.Equal(
            """{"type":"Point","coordinates":[35,33,812.5]}""",
            new GeoJsonWriter(new GeoJsonWriterOptions { WriteAltitude = true }).ToJson(point));
    }

    [Fact]
    public void Empty_geometries_are_written_with_empty_coordinates() =>
        Assert.Equal("""{"type":"Polygon","coordinates":[]}""", _writer.ToJson(Factory.CreatePolygon()));

    [Fact]
    public void Non_finite_coordinates_are_refused() =>
        Assert.Throws<ArgumentException>(() => _writer.ToJson(Factory.CreatePoint(new Coordinate(double.NaN, 33))));

    [Fact]
    public void Out_of_range_decimals_are_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new GeoJsonWriter(new GeoJsonWriterOptions { Decimals = 16 }));

    /// <summary>Twice the signed area by the shoelace formula; positive means counter-clockwise.</summary>
    private static double ShoelaceArea(JsonElement ring)
    {
        var sum = 0.0;
        for (var i = 0; i < ring.GetArrayLength() - 1; i++)
        {
            sum += (ring[i][0].GetDouble() * ring[i + 1][1].GetDouble()) - (ring[i + 1][0].GetDouble() * ring[i][1].GetDouble());
        }

        return sum;
    }

    private static async IAsyncEnumerable<GeoJsonFeature> Many(int count)
    {
        for (var i = 0; i < count; i++)
        {
            await Task.Yield();
            yield return new GeoJsonFeature(
                Factory.CreatePoint(new Coordinate(35 + (i * 1e-4), 33)),
                new JsonObject { ["i"] = i },
                GeoJsonFeatureId.FromNumber(i));
        }
    }
}
