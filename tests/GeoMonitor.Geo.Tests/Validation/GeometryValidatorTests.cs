using GeoMonitor.Geo.Validation;
using NetTopologySuite;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using NetTopologySuite.Operation.Valid;

namespace GeoMonitor.Geo.Tests.Validation;

public class GeometryValidatorTests
{
    private static Geometry Read(string wkt, int srid = 4326)
    {
        var geometry = new WKTReader(NtsGeometryServices.Instance).Read(wkt);
        geometry.SRID = srid;
        return geometry;
    }

    [Fact]
    public void Valid_geometry_is_reported_valid()
    {
        var result = GeometryValidator.Validate(Read("POLYGON((35 33, 36 33, 36 34, 35 34, 35 33))"));

        Assert.True(result.IsValid);
        Assert.Null(result.ErrorType);
        Assert.Equal("Valid", result.Message);
    }

    [Fact]
    public void Bow_tie_reports_self_intersection_with_its_location()
    {
        // The two diagonals cross at (35.5, 33.5).
        var result = GeometryValidator.Validate(Read("POLYGON((35 33, 36 34, 36 33, 35 34, 35 33))"));

        Assert.False(result.IsValid);
        Assert.Equal(TopologyValidationErrors.SelfIntersection, result.ErrorType);
        Assert.Equal("Self-intersection at lon 35.5, lat 33.5", result.Message);
        Assert.Equal(35.5, result.Location!.X, 9);
        Assert.Equal(33.5, result.Location.Y, 9);
    }

    [Fact]
    public void Hole_outside_shell_is_named()
    {
        var result = GeometryValidator.Validate(
            Read("POLYGON((35 33, 36 33, 36 34, 35 34, 35 33), (37 33, 37.5 33, 37.5 33.5, 37 33))"));

        Assert.Equal(TopologyValidationErrors.HoleOutsideShell, result.ErrorType);
        Assert.StartsWith("Hole lies outside shell at lon 37", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Projected_locations_are_labelled_x_y()
    {
        var result = GeometryValidator.Validate(
            Read("POLYGON((735000 3690000, 736000 3691000, 736000 3690000, 735000 3691000, 735000 3690000))", 32636));

        Assert.Equal("Self-intersection at x 735500, y 3690500", result.Message);
    }

    [Fact]
    public void Make_valid_splits_a_bow_tie_and_keeps_the_srid()
    {
        var fixedGeometry = GeometryValidator.MakeValid(Read("POLYGON((35 33, 36 34, 36 33, 35 34, 35 33))"));

        Assert.True(fixedGeometry.IsValid);
        Assert.Equal(4326, fixedGeometry.SRID);
        Assert.Equal(2, fixedGeometry.NumGeometries);

        // Two triangles, each half of a 1 x 0.5 rectangle... i.e. 0.25 square degrees each.
        Assert.Equal(0.5, fixedGeometry.Area, 9);
    }

    [Fact]
    public void Make_valid_leaves_valid_geometry_equal()
    {
        var valid = Read("LINESTRING(35 33, 36 34)");

        Assert.True(valid.EqualsExact(GeometryValidator.MakeValid(valid)));
    }
}
