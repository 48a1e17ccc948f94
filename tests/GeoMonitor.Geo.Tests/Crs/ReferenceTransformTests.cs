using GeoMonitor.Geo.Crs;
using GeoMonitor.Geo.Tests.TestData;

namespace GeoMonitor.Geo.Tests.Crs;

/// <summary>Forward and inverse transforms against the cs2cs reference values, within 1 m.</summary>
public class ReferenceTransformTests
{
    public static TheoryData<string> PlaceNames => Places.Names();

    [Theory]
    [MemberData(nameof(PlaceNames))]
    public void Utm36_matches_cs2cs(string name) => AssertForward(name, 32636, p => p.Utm36);

    [Theory]
    [MemberData(nameof(PlaceNames))]
    public void Utm37_matches_cs2cs(string name) => AssertForward(name, 32637, p => p.Utm37);

    [Theory]
    [MemberData(nameof(PlaceNames))]
    public void IsraeliTmGrid_matches_cs2cs(string name) => AssertForward(name, 2039, p => p.Itm);

    [Theory]
    [MemberData(nameof(PlaceNames))]
    public void WebMercator_matches_cs2cs(string name) => AssertForward(name, 3857, p => p.WebMercator);

    [Theory]
    [MemberData(nameof(PlaceNames))]
    public void Inverse_of_every_reference_returns_to_the_gazetteer_position(string name)
    {
        var place = Places.Get(name);
        var projected = new (int Epsg, (double, double) Value)[]
        {
            (32636, place.Utm36), (32637, place.Utm37), (2039, place.Itm), (3857, place.WebMercator),
        };
        foreach (var (epsg, (x, y)) in projected)
        {
            var (lon, lat) = CoordinateTransformer.ToWgs84(x, y, epsg);
            Metres.AssertWithin(1, Metres.Between(lon, lat, place.Lon, place.Lat), $"{name} from EPSG:{epsg}");
        }
    }

    [Fact]
    public void World_mercator_matches_cs2cs()
    {
        var actual = CoordinateTransformer.FromWgs84(References.Beaufort.Lon, References.Beaufort.Lat, 3395);
        Metres.AssertWithin(1, Metres.Planar(actual, References.Other.BeaufortWorldMercator), "EPSG:3395");
    }

    [Fact]
    public void Israel_1993_geographic_matches_cs2cs()
    {
        var (lon, lat) = CoordinateTransformer.FromWgs84(References.Beaufort.Lon, References.Beaufort.Lat, 4141);
        var expected = References.Other.BeaufortIsrael1993;
        Metres.AssertWithin(1, Metres.Between(lon, lat, expected.Lon, expected.Lat), "EPSG:4141");
    }

    [Fact]
    public void Syria_lambert_matches_cs2cs_inside_syria()
    {
        var actual = CoordinateTransformer.FromWgs84(References.Hermon.Lon, References.Hermon.Lat, 22770);
        Metres.AssertWithin(1, Metres.Planar(actual, References.Other.HermonSyriaLambert), "EPSG:22770 Hermon");
    }

    [Fact]
    public void Syria_lambert_matches_the_same_operation_forced_in_cs2cs_for_lebanon()
    {
        var actual = CoordinateTransformer.FromWgs84(References.Beaufort.Lon, References.Beaufort.Lat, 22770);
        Metres.AssertWithin(1, Metres.Planar(actual, References.Other.BeaufortSyriaLambert), "EPSG:22770 Beaufort");
    }

    [Fact]
    public void Itm_to_utm_goes_through_wgs84_consistently()
    {
        var place = References.Beaufort;
        var actual = CoordinateTransformer.Transform(place.Itm.E, place.Itm.N, 2039, 32636);
        Metres.AssertWithin(1, Metres.Planar(actual, place.Utm36), "2039 → 32636");
    }

    private static void AssertForward(string name, int epsg, Func<ReferencePlace, (double, double)> expected)
    {
        var place = Places.Get(name);
        var actual = CoordinateTransformer.FromWgs84(place.Lon, place.Lat, epsg);
        Metres.AssertWithin(1, Metres.Planar(actual, expected(place)), $"{name} to EPSG:{epsg}");
    }
}
