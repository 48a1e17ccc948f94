using Npgsql;

namespace GeoMonitor.Api.Infrastructure.Database;

/// <summary>
/// The one way GeoMonitor builds an <see cref="NpgsqlDataSource"/>: with the NetTopologySuite plugin, so that a
/// <see cref="NetTopologySuite.Geometries.Geometry"/> is a <c>geometry</c> parameter (its SRID carried along) and a
/// <c>geometry</c> column reads as one. Large outputs still leave PostGIS as GeoJSON or MVT (ST_AsGeoJSON, ST_AsMVT):
/// those are text and bytea, which the plugin does not touch. Geometries given to it are 2D, SRID 4326 (the GeoJSON
/// reader and the coordinate readers build them so) or, for a filter, the SRID of the CRS the request named.
/// </summary>
public static class GeoDataSource
{
    /// <summary>A pooled data source on <paramref name="connectionString"/> that maps PostGIS geometry to NTS.</summary>
    public static NpgsqlDataSource Create(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.UseNetTopologySuite();
        return builder.Build();
    }
}
