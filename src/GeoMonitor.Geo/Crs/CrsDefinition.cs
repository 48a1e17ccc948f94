using ProjNet.CoordinateSystems;

namespace GeoMonitor.Geo.Crs;

/// <summary>A coordinate reference system known to a <see cref="CrsRegistry"/>.</summary>
public sealed class CrsDefinition
{
    internal CrsDefinition(int epsg, string wkt, CoordinateSystem coordinateSystem)
    {
        Epsg = epsg;
        Wkt = wkt;
        CoordinateSystem = coordinateSystem;
    }

    /// <summary>The EPSG code.</summary>
    public int Epsg { get; }

    /// <summary>The name given in the WKT, e.g. "Israel 1993 / Israeli TM Grid".</summary>
    public string Name => CoordinateSystem.Name;

    /// <summary>The WKT 1 definition, including any TOWGS84 datum shift.</summary>
    public string Wkt { get; }

    /// <summary>True for longitude/latitude systems, false for projected (metre) systems.</summary>
    public bool IsGeographic => CoordinateSystem is GeographicCoordinateSystem;

    internal CoordinateSystem CoordinateSystem { get; }

    /// <inheritdoc />
    public override string ToString() => $"EPSG:{Epsg} ({Name})";
}
