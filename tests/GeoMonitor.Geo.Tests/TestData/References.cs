namespace GeoMonitor.Geo.Tests.TestData;

/// <summary>
/// Reference values produced with PROJ 9.1.1 (Debian 12 proj-bin) so that the tests check this
/// library against an independent implementation without needing cs2cs at run time.
///
/// Latitude/longitude come from /work/shared/reference/gazetteer.csv. The projected values were made
/// with these commands (input "lon lat" per line; -r because EPSG:4326 is officially lat-first):
///
///   cs2cs -r -d 3 EPSG:4326 EPSG:32636   # UTM 36N
///   cs2cs -r -d 3 EPSG:4326 EPSG:32637   # UTM 37N
///   cs2cs -r -d 3 EPSG:4326 EPSG:2039    # Israeli TM Grid; PROJ picks "Israel 1993 to WGS 84 (2)",
///                                        # the 7-parameter Helmert (0.5 m)
///   cs2cs -r -d 3 EPSG:4326 EPSG:3857    # Web Mercator
///
/// e.g.  echo "35.5320 33.3244" | cs2cs -r -d 3 EPSG:4326 EPSG:2039   →  249955.655  803242.049
///
/// cs2cs has no MGRS. The MGRS strings were written by hand from the UTM 36N values with the
/// standard lettering (zone 36: column set S–Z because (36-1) mod 3 = 2, column = set[floor(E/100 km)-1];
/// row = "ABCDEFGHJKLMNPQRSTUV"[(floor(N/100 km) + 5) mod 20], +5 because 36 is even; band S = 32–40°N;
/// digits = E and N mod 100 km, truncated). Example, Beaufort: E 735690 → 7 → 'Y'; N 3690113 → 36 → (36+5) mod 20 = 1 → 'B'.
/// The rule set is cross-checked against published examples in <see cref="Published"/>.
/// </summary>
internal static class References
{
    public static readonly ReferencePlace Beaufort = new(
        "Beaufort Castle", 33.3244, 35.5320,
        Utm36: (735690.167, 3690113.066), Utm37: (177145.916, 3692622.767),
        Itm: (249955.655, 803242.049), WebMercator: (3955404.147, 3938442.223),
        Mgrs: "36S YB 35690 90113");

    public static readonly ReferencePlace Shukin = new(
        "Shukin", 33.354167, 35.466667,
        Utm36: (729528.989, 3693268.567), Utm37: (171172.760, 3696129.936),
        Itm: (243864.107, 806526.373), WebMercator: (3948131.311, 3942408.617),
        Mgrs: "36S YB 29528 93268");

    public static readonly ReferencePlace RoshHaNikra = new(
        "Rosh HaNikra", 33.0931222, 35.1047667,
        Utm36: (696429.708, 3663581.032), Utm37: (136392.360, 3668365.378),
        Itm: (210151.096, 777547.653), WebMercator: (3907844.753, 3907670.911),
        Mgrs: "36S XB 96429 63581");

    public static readonly ReferencePlace Metula = new(
        "Metula", 33.278889, 35.576667,
        Utm36: (739973.803, 3685167.355), Utm37: (181140.349, 3687435.948),
        Itm: (254132.675, 798208.282), WebMercator: (3960376.455, 3932380.591),
        Mgrs: "36S YB 39973 85167");

    public static readonly ReferencePlace Khiam = new(
        "Khiam", 33.3271667, 35.6111000,
        Utm36: (743047.474, 3690601.650), Utm37: (184523.198, 3692687.232),
        Itm: (257319.587, 803574.838), WebMercator: (3964209.519, 3938810.824),
        Mgrs: "36S YB 43047 90601");

    /// <summary>Shebaa is 0.25° west of the 36N/37N boundary at 36°E.</summary>
    public static readonly ReferencePlace Shebaa = new(
        "Shebaa", 33.34861, 35.74861,
        Utm36: (755788.303, 3693309.340), Utm37: (197404.040, 3694657.904),
        Itm: (270110.618, 806011.569), WebMercator: (3979517.062, 3941668.055),
        Mgrs: "36S YB 55788 93309");

    /// <summary>Mount Hermon's northing is in the next 100 km row (row letter C).</summary>
    public static readonly ReferencePlace Hermon = new(
        "Mount Hermon", 33.41611, 35.85750,
        Utm36: (765719.365, 3701069.396), Utm37: (207768.387, 3701834.595),
        Itm: (280199.918, 813556.585), WebMercator: (3991638.641, 3950666.751),
        Mgrs: "36S YC 65719 01069");

    public static readonly ReferencePlace[] All = [Beaufort, Shukin, RoshHaNikra, Metula, Khiam, Shebaa, Hermon];

    /// <summary>Shebaa in zone 37, outside its standard zone: zone 37 uses column set A–H, row offset 0.</summary>
    public const string ShebaaMgrsZone37 = "37S AS 97404 94657";

    /// <summary>Other systems, one value each.</summary>
    public static class Other
    {
        /// <summary>echo "35.5320 33.3244" | cs2cs -r -d 3 EPSG:4326 EPSG:3395</summary>
        public static readonly (double X, double Y) BeaufortWorldMercator = (3955404.147, 3914969.214);

        /// <summary>echo "35.5320 33.3244" | cs2cs -r -d 9 EPSG:4326 EPSG:4141  (prints lat lon)</summary>
        public static readonly (double Lon, double Lat) BeaufortIsrael1993 = (35.531289223, 33.324041424);

        /// <summary>
        /// echo "35.85750 33.41611" | cs2cs -r -d 3 EPSG:4326 EPSG:22770
        /// (Hermon is inside Syria's area of use, so PROJ picks "Deir ez Zor to WGS 84 (5)")
        /// </summary>
        public static readonly (double E, double N) HermonSyriaLambert = (161082.062, 164248.607);

        /// <summary>
        /// Beaufort is outside Syria's area of use, so the same operation is forced with a PROJ string:
        /// echo "35.5320 33.3244" | cs2cs -d 3 +proj=longlat +datum=WGS84 +to +proj=lcc +lat_1=34.65
        ///   +lat_0=34.65 +lon_0=37.35 +k_0=0.9996256 +x_0=300000 +y_0=300000 +a=6378249.2
        ///   +rf=293.466021293627 +towgs84=-190.421,8.532,238.69
        /// </summary>
        public static readonly (double E, double N) BeaufortSyriaLambert = (130631.581, 154577.092);
    }

    /// <summary>Published MGRS examples that check the letter rules independently of the hand-made ones above.</summary>
    public static class Published
    {
        /// <summary>
        /// GeographicLib's documented MGRS example: lat 33.3, lon 44.4 → "38SMB4414084706".
        /// UTM by echo "44.4 33.3" | cs2cs -r -d 3 EPSG:4326 EPSG:32638 → 444140.545 3684706.356.
        /// </summary>
        public const double Lat38S = 33.3;
        public const double Lon38S = 44.4;
        public const string Mgrs38S = "38SMB4414084706";

        /// <summary>
        /// GeographicLib's test pair: UTM 33N 472202 6487839 ↔ "33VVE7220287839".
        /// Position by echo "472202 6487839" | cs2cs -d 9 EPSG:32633 EPSG:4326 (prints lat lon).
        /// </summary>
        public const string Mgrs33V = "33VVE7220287839";
        public const double Lat33V = 58.530189177;
        public const double Lon33V = 14.522639107;
    }
}
