using GeoMonitor.Api.Infrastructure.Database;
using GeoMonitor.Api.Tests.Infrastructure;
using GeoMonitor.Api.Tests.Notifications;
using NetTopologySuite;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using Npgsql;

namespace GeoMonitor.Api.Tests.Foundation;

/// <summary>
/// Geometries cross to PostGIS and back through the Npgsql NetTopologySuite plugin (<see cref="GeoDataSource"/>) on a
/// database created empty, as at a first start: PostGIS parses what the plugin sends into the same shape it parses from
/// WKT text, keeps the SRID, and measures hand-placed shapes as formulas independent of both do (a quadrangle's area on
/// the ellipsoid in closed form; distances by PROJ's geod and along the equator).
/// </summary>
public sealed class GeometryParameterTests : IAsyncLifetime
{
    private static readonly GeometryFactory Wgs84 = NtsGeometryServices.Instance.CreateGeometryFactory(4326);
    private string _cs = "";
    private NpgsqlDataSource _db = null!;

    public async Task InitializeAsync()
    {
        _cs = await TestCluster.CreateDatabaseAsync();
        // Built before PostGIS exists in the database: the migrations create it, and the data source must then know it.
        _db = GeoDataSource.Create(_cs);
        await Migrator.MigrateAsync(_db);
    }

    public async Task DisposeAsync()
    {
        await _db.DisposeAsync();
        await TestCluster.DropDatabaseAsync(_cs);
    }

    private static Geometry Wkt(string wkt, int srid = 4326)
    {
        var g = new WKTReader(NtsGeometryServices.Instance).Read(wkt);
        g.SRID = srid;
        return g;
    }

    [Theory]
    [InlineData("POINT(35.532 33.3244)")]
    [InlineData("POLYGON((35 33, 36 33, 36 34, 35 34, 35 33), (35.2 33.2, 35.2 33.8, 35.8 33.8, 35.2 33.2))")]
    [InlineData("MULTIPOLYGON(((35 33, 35.1 33, 35.1 33.1, 35 33)), ((35.5 33.5, 35.6 33.5, 35.6 33.6, 35.5 33.5)))")]
    [InlineData("MULTILINESTRING((35 33, 36 34), (35.5 33, 35.6 33.1))")]
    [InlineData("GEOMETRYCOLLECTION(POINT(35 33), LINESTRING(35 33, 36 34))")]
    public async Task A_geometry_parameter_is_what_PostGIS_reads_from_the_same_WKT_and_reads_back_unchanged(string wkt)
    {
        var sent = Wkt(wkt);
        await using var cmd = _db.CreateCommand("SELECT $1, ST_SRID($1), ST_AsText($1) = ST_AsText(ST_GeomFromText($2, 4326)), ST_NDims($1)");
        cmd.Parameters.Add(new NpgsqlParameter { Value = sent });
        cmd.Parameters.Add(new NpgsqlParameter { Value = wkt });
        await using var r = await cmd.ExecuteReaderAsync();
        Assert.True(await r.ReadAsync());
        var back = r.GetFieldValue<Geometry>(0);

        Assert.True(sent.EqualsExact(back), $"{sent} came back as {back}");
        Assert.Equal(4326, back.SRID);
        Assert.Equal(4326, r.GetInt32(1));
        Assert.True(r.GetBoolean(2));
        Assert.Equal(2, r.GetInt16(3));
    }

    [Fact]
    public async Task A_polygon_written_and_read_as_a_layer_has_the_area_of_its_quadrangle_on_the_ellipsoid()
    {
        // 0.01° × 0.01° from (35.50, 33.00): its edges are short enough that their geodesics lie within a centimetre of
        // the meridians and parallels, so the closed-form quadrangle area is the reference.
        var square = Wgs84.CreatePolygon([new(35.50, 33.00), new(35.51, 33.00), new(35.51, 33.01), new(35.50, 33.01), new(35.50, 33.00)]);
        await using (var insert = _db.CreateCommand("INSERT INTO zones (slug, name, kind, geom, source) VALUES ('known-square', 'Known square', 'other', ST_Multi($1), 'test')"))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = square });
            await insert.ExecuteNonQueryAsync();
        }

        await using var cmd = _db.CreateCommand("SELECT geom, ST_Area(geom::geography) FROM zones WHERE slug = 'known-square'");
        await using var r = await cmd.ExecuteReaderAsync();
        Assert.True(await r.ReadAsync());
        var stored = Assert.IsType<MultiPolygon>(r.GetFieldValue<Geometry>(0));
        Assert.Equal(4326, stored.SRID);
        Assert.True(square.EqualsExact(stored.GetGeometryN(0)));
        var expected = Ellipsoid.QuadrangleArea(35.50, 33.00, 35.51, 33.01);
        Assert.InRange(r.GetDouble(1), expected * (1 - 1e-5), expected * (1 + 1e-5));
    }

    [Fact]
    public async Task Points_sent_as_parameters_are_at_the_distances_geod_and_the_equator_give()
    {
        // Along the equator the geodesic is the equator itself: 0.01° is a × 0.01 × π / 180.
        var equator = await DistanceAsync(Wgs84.CreatePoint(new Coordinate(0, 0)), Wgs84.CreatePoint(new Coordinate(0.01, 0)));
        Assert.Equal(Ellipsoid.A * 0.01 * Math.PI / 180, equator, 4);

        // Khiam to Ras Naqoura (gazetteer), by PROJ's geod.
        var (khiam, naqoura) = ((Lon: 35.6111, Lat: 33.3271667), (Lon: 35.1047667, Lat: 33.0931222));
        var measured = await DistanceAsync(Wgs84.CreatePoint(new Coordinate(khiam.Lon, khiam.Lat)), Wgs84.CreatePoint(new Coordinate(naqoura.Lon, naqoura.Lat)));
        var reference = Geod.Distance(khiam.Lat, khiam.Lon, naqoura.Lat, naqoura.Lon);
        Assert.InRange(measured, reference - 0.001, reference + 0.001);
    }

    [Fact]
    public async Task An_area_in_another_crs_keeps_its_srid_and_PostGIS_transforms_it()
    {
        // Web Mercator: x = a·λ, y = a·ln tan(π/4 + φ/2) (EPSG:3857 on the sphere of radius a).
        static Coordinate Mercator(double lon, double lat) =>
            new(Ellipsoid.A * lon * Math.PI / 180, Ellipsoid.A * Math.Log(Math.Tan(Math.PI / 4 + lat * Math.PI / 360)));
        var box = new GeometryFactory(new PrecisionModel(), 3857).CreatePolygon(
            [Mercator(35.5, 33.0), Mercator(35.6, 33.0), Mercator(35.6, 33.1), Mercator(35.5, 33.1), Mercator(35.5, 33.0)]);

        await using var cmd = _db.CreateCommand("SELECT ST_SRID($1), ST_Transform($1, 4326)");
        cmd.Parameters.Add(new NpgsqlParameter { Value = box });
        await using var r = await cmd.ExecuteReaderAsync();
        Assert.True(await r.ReadAsync());
        Assert.Equal(3857, r.GetInt32(0));
        var lonLat = r.GetFieldValue<Geometry>(1);
        Assert.Equal(4326, lonLat.SRID);
        var env = lonLat.EnvelopeInternal;
        Assert.Equal(35.5, env.MinX, 9);
        Assert.Equal(33.0, env.MinY, 9);
        Assert.Equal(35.6, env.MaxX, 9);
        Assert.Equal(33.1, env.MaxY, 9);
    }

    private async Task<double> DistanceAsync(Point a, Point b)
    {
        await using var cmd = _db.CreateCommand("SELECT ST_Distance($1::geography, $2::geography)");
        cmd.Parameters.Add(new NpgsqlParameter { Value = a });
        cmd.Parameters.Add(new NpgsqlParameter { Value = b });
        return (double)(await cmd.ExecuteScalarAsync())!;
    }
}

/// <summary>The WGS 84 ellipsoid in closed form, as a referee independent of PostGIS.</summary>
public static class Ellipsoid
{
    /// <summary>The semi-major axis in metres.</summary>
    public const double A = 6378137;

    private const double F = 1 / 298.257223563;

    /// <summary>
    /// The area in m² between two meridians and two parallels: b²·Δλ/2 · [q(φ₂) − q(φ₁)], with
    /// q(φ) = sin φ / (1 − e² sin² φ) + ln((1 + e sin φ) / (1 − e sin φ)) / (2e) (the authalic-latitude integral).
    /// </summary>
    public static double QuadrangleArea(double lon0, double lat0, double lon1, double lat1)
    {
        var e2 = F * (2 - F);
        var e = Math.Sqrt(e2);
        var b = A * (1 - F);
        double Q(double latDeg)
        {
            var s = Math.Sin(latDeg * Math.PI / 180);
            return s / (1 - e2 * s * s) + Math.Log((1 + e * s) / (1 - e * s)) / (2 * e);
        }
        return b * b * (lon1 - lon0) * Math.PI / 180 / 2 * (Q(lat1) - Q(lat0));
    }
}
