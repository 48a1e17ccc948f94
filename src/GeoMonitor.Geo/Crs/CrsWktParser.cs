using ProjNet.CoordinateSystems;

namespace GeoMonitor.Geo.Crs;

/// <summary>Turns WKT into a <see cref="CrsDefinition"/>, rejecting definitions that would transform wrongly.</summary>
internal static class CrsWktParser
{
    internal static CrsDefinition Parse(int epsg, string wkt)
    {
        if (epsg <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(epsg), epsg, "EPSG codes are positive integers.");
        }

        CoordinateSystem system;
        try
        {
            system = (CoordinateSystem)new CoordinateSystemFactory().CreateFromWkt(wkt);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or NotSupportedException or InvalidCastException)
        {
            throw new ArgumentException($"The WKT for EPSG:{epsg} could not be read: {ex.Message}", nameof(wkt), ex);
        }

        var geographic = system switch
        {
            GeographicCoordinateSystem g => g,
            ProjectedCoordinateSystem p => p.GeographicCoordinateSystem,
            _ => throw new ArgumentException(
                $"EPSG:{epsg} must be a geographic (GEOGCS) or projected (PROJCS) system.", nameof(wkt)),
        };

        if (string.Equals(system.Authority, "EPSG", StringComparison.OrdinalIgnoreCase)
            && system.AuthorityCode > 0 && system.AuthorityCode != epsg)
        {
            throw new ArgumentException(
                $"The WKT declares AUTHORITY EPSG:{system.AuthorityCode} but is being registered as EPSG:{epsg}.", nameof(wkt));
        }

        var datum = geographic.HorizontalDatum;
        if (datum.Wgs84Parameters is null && !IsWgs84(datum))
        {
            throw new ArgumentException(
                $"The datum '{datum.Name}' of EPSG:{epsg} has no TOWGS84 clause; add one so it can be related to WGS 84.",
                nameof(wkt));
        }

        return new CrsDefinition(epsg, wkt, system);
    }

    private static bool IsWgs84(HorizontalDatum datum)
    {
        var name = new string([.. datum.Name.Where(char.IsLetterOrDigit)]).ToUpperInvariant();
        var ellipsoid = datum.Ellipsoid;
        return name is "WGS84" or "WGS1984" or "WORLDGEODETICSYSTEM1984"
            && Math.Abs(ellipsoid.SemiMajorAxis - 6378137) < 1e-6
            && Math.Abs(ellipsoid.InverseFlattening - 298.257223563) < 1e-9;
    }
}
