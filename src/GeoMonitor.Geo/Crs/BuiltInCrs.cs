namespace GeoMonitor.Geo.Crs;

/// <summary>
/// WKT for the systems GeoMonitor ships with. Datum shifts are the EPSG transformations PROJ picks
/// for the Israel–Lebanon area, expressed as WKT 1 TOWGS84 (position-vector rotations, arc-seconds,
/// ppm) so that ProjNet agrees with <c>cs2cs</c> to millimetres.
/// </summary>
internal static class BuiltInCrs
{
    private const string Grs80 = "SPHEROID[\"GRS 1980\",6378137,298.257222101,AUTHORITY[\"EPSG\",\"7019\"]]";
    private const string Greenwich = "PRIMEM[\"Greenwich\",0,AUTHORITY[\"EPSG\",\"8901\"]]";
    private const string Degree = "UNIT[\"degree\",0.0174532925199433,AUTHORITY[\"EPSG\",\"9122\"]]";
    private const string Metre = "UNIT[\"metre\",1,AUTHORITY[\"EPSG\",\"9001\"]]";

    // EPSG:8650 "Israel 1993 to WGS 84 (2)" is published as a coordinate-frame Helmert; WKT 1
    // TOWGS84 uses the position-vector convention, hence the rotation signs are negated here.
    private const string Israel1993GeogCs =
        "GEOGCS[\"Israel 1993\",DATUM[\"Israel_1993\"," + Grs80 +
        ",TOWGS84[23.772,17.49,17.859,-0.3132,-1.85274,1.67299,-5.4262],AUTHORITY[\"EPSG\",\"6141\"]]," +
        Greenwich + "," + Degree + ",AUTHORITY[\"EPSG\",\"4141\"]]";

    // EPSG "Deir ez Zor to WGS 84 (5)" covers all of onshore Syria (5 m accuracy).
    private const string DeirEzZorGeogCs =
        "GEOGCS[\"Deir ez Zor\",DATUM[\"Deir_ez_Zor\",SPHEROID[\"Clarke 1880 (IGN)\",6378249.2,293.466021293627," +
        "AUTHORITY[\"EPSG\",\"7011\"]],TOWGS84[-190.421,8.532,238.69,0,0,0,0],AUTHORITY[\"EPSG\",\"6227\"]]," +
        Greenwich + "," + Degree + ",AUTHORITY[\"EPSG\",\"4227\"]]";

    internal static readonly IReadOnlyDictionary<int, string> Wkt = new Dictionary<int, string>
    {
        [CrsRegistry.Wgs84] = WktTemplates.Wgs84GeogCs,
        [3857] =
            "PROJCS[\"WGS 84 / Pseudo-Mercator\"," + WktTemplates.Wgs84GeogCs +
            ",PROJECTION[\"Popular_Visualisation_Pseudo-Mercator\"],PARAMETER[\"latitude_of_origin\",0]," +
            "PARAMETER[\"central_meridian\",0],PARAMETER[\"scale_factor\",1],PARAMETER[\"false_easting\",0]," +
            "PARAMETER[\"false_northing\",0]," + Metre + ",AUTHORITY[\"EPSG\",\"3857\"]]",
        [3395] =
            "PROJCS[\"WGS 84 / World Mercator\"," + WktTemplates.Wgs84GeogCs +
            ",PROJECTION[\"Mercator_1SP\"],PARAMETER[\"latitude_of_origin\",0],PARAMETER[\"central_meridian\",0]," +
            "PARAMETER[\"scale_factor\",1],PARAMETER[\"false_easting\",0],PARAMETER[\"false_northing\",0]," +
            Metre + ",AUTHORITY[\"EPSG\",\"3395\"]]",
        [4258] =
            "GEOGCS[\"ETRS89\",DATUM[\"European_Terrestrial_Reference_System_1989\"," + Grs80 +
            ",TOWGS84[0,0,0,0,0,0,0],AUTHORITY[\"EPSG\",\"6258\"]]," + Greenwich + "," + Degree +
            ",AUTHORITY[\"EPSG\",\"4258\"]]",
        [4141] = Israel1993GeogCs,
        [2039] =
            "PROJCS[\"Israel 1993 / Israeli TM Grid\"," + Israel1993GeogCs +
            ",PROJECTION[\"Transverse_Mercator\"],PARAMETER[\"latitude_of_origin\",31.7343936111111]," +
            "PARAMETER[\"central_meridian\",35.2045169444444],PARAMETER[\"scale_factor\",1.0000067]," +
            "PARAMETER[\"false_easting\",219529.584],PARAMETER[\"false_northing\",626907.39]," +
            Metre + ",AUTHORITY[\"EPSG\",\"2039\"]]",

        // EPSG:22770 is Lambert Conic Conformal (1SP), latitude of origin 34.65°, k0 0.9996256.
        // ProjNet 2.0 only implements the 2SP form; a 1SP cone is the same as the 2SP cone whose
        // standard parallels are the two latitudes where the 1SP scale factor equals 1. Those
        // latitudes were solved numerically on the Clarke 1880 (IGN) ellipsoid; the result agrees
        // with cs2cs EPSG:22770 to a few millimetres (see the test data).
        [22770] =
            "PROJCS[\"Deir ez Zor / Syria Lambert\"," + DeirEzZorGeogCs +
            ",PROJECTION[\"Lambert_Conformal_Conic_2SP\"],PARAMETER[\"standard_parallel_1\",33.073441328118356]," +
            "PARAMETER[\"standard_parallel_2\",36.216443124358165],PARAMETER[\"latitude_of_origin\",34.65]," +
            "PARAMETER[\"central_meridian\",37.35],PARAMETER[\"false_easting\",300000]," +
            "PARAMETER[\"false_northing\",300000]," + Metre + ",AUTHORITY[\"EPSG\",\"22770\"]]",
        [32635] = WktTemplates.Utm(35, north: true),
        [32636] = WktTemplates.Utm(36, north: true),
        [32637] = WktTemplates.Utm(37, north: true),
        [32638] = WktTemplates.Utm(38, north: true),
    };
}
