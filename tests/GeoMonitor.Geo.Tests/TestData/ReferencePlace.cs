namespace GeoMonitor.Geo.Tests.TestData;

/// <summary>
/// A gazetteer place with its projected coordinates as computed by PROJ's cs2cs (not by this library).
/// </summary>
internal sealed record ReferencePlace(
    string Name,
    double Lat,
    double Lon,
    (double E, double N) Utm36,
    (double E, double N) Utm37,
    (double E, double N) Itm,
    (double X, double Y) WebMercator,
    string Mgrs)
{
    public override string ToString() => Name;
}
