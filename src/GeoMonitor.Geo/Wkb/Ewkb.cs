using GeoMonitor.Geo.Crs;
using NetTopologySuite;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace GeoMonitor.Geo.Wkb;

/// <summary>
/// PostGIS Extended WKB: WKB with the SRID embedded, which PostGIS accepts directly as a
/// <c>geometry</c> parameter. GeoMonitor stores WGS 84, so writing insists on SRID 4326.
/// </summary>
public static class Ewkb
{
    /// <summary>
    /// Writes a 2D little-endian EWKB carrying SRID 4326. Altitudes are dropped because the PostGIS
    /// columns are 2D and would reject a Z geometry.
    /// </summary>
    /// <param name="geometry">A WGS 84 geometry: SRID 4326, or 0 (unset) which is taken as 4326.</param>
    /// <returns>The EWKB bytes.</returns>
    /// <exception cref="ArgumentException">The geometry has another SRID; transform it first.</exception>
    public static byte[] Write(Geometry geometry)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        if (geometry.SRID is not (0 or CrsRegistry.Wgs84))
        {
            throw new ArgumentException(
                $"EWKB for GeoMonitor must be WGS 84 (SRID 4326) but the geometry has SRID {geometry.SRID}; transform it first.",
                nameof(geometry));
        }

        if (geometry.SRID == 0)
        {
            geometry = geometry.Copy();
            geometry.SRID = CrsRegistry.Wgs84;
        }

        return new WKBWriter(ByteOrder.LittleEndian, handleSRID: true, emitZ: false).Write(geometry);
    }

    /// <summary>Reads EWKB (or plain WKB, whose SRID is then 0), e.g. a PostGIS <c>geometry</c> value.</summary>
    /// <param name="ewkb">The bytes.</param>
    /// <returns>The geometry, with the embedded SRID.</returns>
    /// <exception cref="ArgumentException">The bytes are not valid WKB.</exception>
    public static Geometry Read(byte[] ewkb)
    {
        ArgumentNullException.ThrowIfNull(ewkb);
        try
        {
            var geometry = new WKBReader(NtsGeometryServices.Instance) { HandleSRID = true }.Read(ewkb);

            // NTS marks "no SRID" as -1; GeoMonitor (like PostGIS) uses 0.
            if (geometry.SRID < 0)
            {
                geometry.SRID = 0;
            }

            return geometry;
        }
        catch (Exception ex) when (ex is ParseException or EndOfStreamException or ArgumentException or IOException)
        {
            throw new ArgumentException($"The bytes are not valid (E)WKB: {ex.Message}", nameof(ewkb), ex);
        }
    }
}
