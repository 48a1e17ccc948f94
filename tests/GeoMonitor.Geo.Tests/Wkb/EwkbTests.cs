using GeoMonitor.Geo.Wkb;
using NetTopologySuite;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace GeoMonitor.Geo.Tests.Wkb;

public class EwkbTests
{
    private static Geometry Read(string wkt, int srid)
    {
        var geometry = new WKTReader(NtsGeometryServices.Instance).Read(wkt);
        geometry.SRID = srid;
        return geometry;
    }

    [Fact]
    public void Point_header_matches_the_postgis_ewkb_layout()
    {
        var bytes = Ewkb.Write(Read("POINT(35.532 33.3244)", 4326));

        // Byte order 01 (little endian), type 0x20000001 (point + SRID flag), SRID 4326 = 0x10E6, then two doubles.
        Assert.Equal("0101000020E6100000", Convert.ToHexString(bytes, 0, 9));
        Assert.Equal(9 + 16, bytes.Length);
        Assert.Equal(35.532, BitConverter.ToDouble(bytes, 9));
        Assert.Equal(33.3244, BitConverter.ToDouble(bytes, 17));
    }

    [Theory]
    [InlineData("POLYGON((35 33, 36 33, 36 34, 35 34, 35 33), (35.2 33.2, 35.2 33.8, 35.8 33.8, 35.2 33.2))")]
    [InlineData("MULTILINESTRING((35 33, 36 34), (35.5 33, 35.6 33.1))")]
    [InlineData("GEOMETRYCOLLECTION(POINT(35 33), LINESTRING(35 33, 36 34))")]
    public void Round_trip_keeps_geometry_and_srid(string wkt)
    {
        var original = Read(wkt, 4326);

        var read = Ewkb.Read(Ewkb.Write(original));

        Assert.True(original.EqualsExact(read));
        Assert.Equal(4326, read.SRID);
    }

    [Fact]
    public void Unset_srid_is_written_as_4326_without_touching_the_input()
    {
        var geometry = Read("POINT(35 33)", 0);

        var read = Ewkb.Read(Ewkb.Write(geometry));

        Assert.Equal(4326, read.SRID);
        Assert.Equal(0, geometry.SRID);
    }

    [Fact]
    public void Other_srids_are_refused() =>
        Assert.Throws<ArgumentException>(() => Ewkb.Write(Read("POINT(735690 3690113)", 32636)));

    [Fact]
    public void Altitude_is_dropped_for_2d_columns()
    {
        var factory = new GeometryFactory(new PrecisionModel(), 4326);

        var read = Ewkb.Read(Ewkb.Write(factory.CreatePoint(new CoordinateZ(35, 33, 800))));

        Assert.True(double.IsNaN(read.Coordinate.Z));
        Assert.Equal(9 + 16, Ewkb.Write(factory.CreatePoint(new CoordinateZ(35, 33, 800))).Length);
    }

    [Fact]
    public void Plain_wkb_reads_with_srid_zero()
    {
        // ISO WKB point without SRID: 01 01000000 + x + y.
        var bytes = Convert.FromHexString("0101000000" + "0000000000804140" + "0000000000804040");

        var read = Ewkb.Read(bytes);

        Assert.Equal(0, read.SRID);
        Assert.Equal(35, read.Coordinate.X);
        Assert.Equal(33, read.Coordinate.Y);
    }

    [Fact]
    public void Garbage_is_an_argument_exception() =>
        Assert.Throws<ArgumentException>(() => Ewkb.Read([0x01, 0x01, 0x00]));
}
