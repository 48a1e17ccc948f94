using GeoMonitor.Geo.Crs;
using GeoMonitor.Geo.Tests.TestData;
using NetTopologySuite.Geometries;

namespace GeoMonitor.Geo.Tests.Crs;

public class CrsRegistryTests
{
    [Theory]
    [InlineData(4326, true)]
    [InlineData(3857, false)]
    [InlineData(2039, false)]
    [InlineData(32636, false)]
    [InlineData(32637, false)]
    [InlineData(22770, false)]
    [InlineData(4258, true)]
    [InlineData(32601, false)]
    [InlineData(32760, false)]
    public void Built_in_and_utm_codes_are_available(int epsg, bool geographic)
    {
        Assert.True(CrsRegistry.Default.TryGet(epsg, out var definition));
        Assert.Equal(epsg, definition.Epsg);
        Assert.Equal(geographic, definition.IsGeographic);
    }

    [Theory]
    [InlineData(32600)]
    [InlineData(32661)]
    [InlineData(9999)]
    public void Unknown_code_is_not_found(int epsg) => Assert.False(CrsRegistry.Default.TryGet(epsg, out _));

    [Fact]
    public void Unknown_code_error_lists_the_supported_codes()
    {
        var ex = Assert.Throws<UnknownCrsException>(() => CoordinateTransformer.ToWgs84(1, 2, 27700));
        Assert.Equal(27700, ex.Epsg);
        Assert.Contains("EPSG:27700", ex.Message, StringComparison.Ordinal);
        Assert.Contains("EPSG:2039", ex.Message, StringComparison.Ordinal);
        Assert.Contains("EPSG:3857", ex.Message, StringComparison.Ordinal);
        Assert.Contains("32601", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Register_adds_a_system_from_wkt()
    {
        var registry = new CrsRegistry();

        // Palestine 1923 / Palestine Grid would need Cassini; a plain TM on WGS 84 keeps the test about registration.
        const string wkt = "PROJCS[\"Test TM\",GEOGCS[\"WGS 84\",DATUM[\"WGS_1984\",SPHEROID[\"WGS 84\",6378137,298.257223563]],"
            + "PRIMEM[\"Greenwich\",0],UNIT[\"degree\",0.0174532925199433]],PROJECTION[\"Transverse_Mercator\"],"
            + "PARAMETER[\"latitude_of_origin\",0],PARAMETER[\"central_meridian\",33],PARAMETER[\"scale_factor\",0.9996],"
            + "PARAMETER[\"false_easting\",500000],PARAMETER[\"false_northing\",0],UNIT[\"metre\",1]]";
        var definition = registry.Register(990001, wkt);

        Assert.Equal("Test TM", definition.Name);
        Assert.Contains(990001, registry.Codes);
        var place = References.Beaufort;
        var actual = registry.GetTransform(4326, 990001).Transform(place.Lon, place.Lat);
        Metres.AssertWithin(1, Metres.Planar(actual, place.Utm36), "registered TM equals UTM 36N");
    }

    [Fact]
    public void Register_rejects_a_foreign_datum_without_towgs84()
    {
        const string wkt = "GEOGCS[\"Mystery\",DATUM[\"Mystery_Datum\",SPHEROID[\"Clarke 1880\",6378249.145,293.465]],"
            + "PRIMEM[\"Greenwich\",0],UNIT[\"degree\",0.0174532925199433]]";
        var ex = Assert.Throws<ArgumentException>(() => new CrsRegistry().Register(990002, wkt));
        Assert.Contains("TOWGS84", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Register_rejects_garbage_and_duplicates()
    {
        var registry = new CrsRegistry();
        Assert.Throws<ArgumentException>(() => registry.Register(990003, "PROJCS[nonsense"));
        Assert.Throws<InvalidOperationException>(() => registry.Register(2039, BuiltInWkt(2039)));
    }

    [Fact]
    public void Register_rejects_an_authority_code_that_disagrees()
    {
        var ex = Assert.Throws<ArgumentException>(() => new CrsRegistry().Register(990004, BuiltInWkt(3857)));
        Assert.Contains("3857", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Geometry_transform_copies_and_sets_the_srid()
    {
        var factory = new GeometryFactory(new PrecisionModel(), 4326);
        var place = References.Beaufort;
        var line = factory.CreateLineString([new Coordinate(place.Lon, place.Lat), new Coordinate(References.Metula.Lon, References.Metula.Lat)]);

        var utm = CoordinateTransformer.Transform(line, 32636);

        Assert.Equal(32636, utm.SRID);
        Assert.Equal(place.Lon, line.Coordinates[0].X);
        Metres.AssertWithin(1, Metres.Planar((utm.Coordinates[0].X, utm.Coordinates[0].Y), place.Utm36), "vertex 0");
        Metres.AssertWithin(1, Metres.Planar((utm.Coordinates[1].X, utm.Coordinates[1].Y), References.Metula.Utm36), "vertex 1");
    }

    [Fact]
    public void Geometry_without_srid_needs_an_explicit_source()
    {
        var point = new GeometryFactory().CreatePoint(new Coordinate(35.5, 33.3));
        Assert.Throws<ArgumentException>(() => CoordinateTransformer.Transform(point, 3857));
        Assert.Equal(3857, CoordinateTransformer.Transform(point, 4326, 3857).SRID);
    }

    [Theory]
    [InlineData(double.NaN, 33)]
    [InlineData(35, double.PositiveInfinity)]
    [InlineData(200, 33)]
    [InlineData(35, 91)]
    public void Bad_input_is_rejected(double lon, double lat) =>
        Assert.Throws<CoordinateTransformException>(() => CoordinateTransformer.FromWgs84(lon, lat, 3857));

    [Fact]
    public void Mercator_at_the_pole_is_rejected_not_infinite() =>
        Assert.Throws<CoordinateTransformException>(() => CoordinateTransformer.FromWgs84(0, 90, 3857));

    [Fact]
    public void Identity_transform_returns_the_input() =>
        Assert.Equal((35.5, 33.3), CoordinateTransformer.Transform(35.5, 33.3, 4326, 4326));

    [Fact]
    public void Concurrent_transforms_give_the_same_answers_as_sequential_ones()
    {
        var inputs = Enumerable.Range(0, 20_000).Select(i => (Lon: 35 + (i % 100 * 0.01), Lat: 33 + (i / 100 * 0.002))).ToArray();
        var expected = inputs.Select(p => CoordinateTransformer.FromWgs84(p.Lon, p.Lat, 2039)).ToArray();
        var actual = new (double X, double Y)[inputs.Length];

        Parallel.For(0, inputs.Length, i => actual[i] = CoordinateTransformer.FromWgs84(inputs[i].Lon, inputs[i].Lat, 2039));

        Assert.Equal(expected, actual);
    }

    private static string BuiltInWkt(int epsg) => CrsRegistry.Default.Get(epsg).Wkt;
}
