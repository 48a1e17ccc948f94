namespace GeoMonitor.Api.Tests.Query;

/// <summary>
/// The hand-placed world of the query tests. Every fact a test expects (inside the zone, in the truce window, metres
/// from the line) is decided here by construction, not by asking PostGIS.
/// <list type="bullet">
/// <item>test-blue-line: the Blue Line of this database, drawn west to east along 33°N through vertices at 34.9, 35.1 and
/// 35.5°E, so its north side is the left side. Points due north/south of the 35.1°E vertex are exactly as far as their
/// meridian arc (the segments leave the vertex within 0.06° of east-west, which shortens 1 km by under a millimetre).</item>
/// <item>test-square: the zone 35.0–35.1°E × 33.1–33.2°N; its west edge is x = 35.0 exactly.</item>
/// <item>test-truce: [2026-04-16T21:00Z, 2026-05-17T21:00Z), originally ending 2026-04-26T21:00Z and extended once.</item>
/// <item>test-corridor: the meridian 35.3°E from 33.1 to 33.3°N, 2,000 m wide, open [2026-04-20, 2026-04-21) UTC.</item>
/// <item>the near centre (35.2°E, 33.25°N).</item>
/// </list>
/// </summary>
public static class QueryData
{
    public static readonly DateTime TruceStart = new(2026, 4, 16, 21, 0, 0, DateTimeKind.Utc);
    public static readonly DateTime TruceOriginalEnd = new(2026, 4, 26, 21, 0, 0, DateTimeKind.Utc);
    public static readonly DateTime TruceEnd = new(2026, 5, 17, 21, 0, 0, DateTimeKind.Utc);
    public static readonly DateTime CorridorOpenFrom = new(2026, 4, 20, 0, 0, 0, DateTimeKind.Utc);
    public static readonly DateTime CorridorOpenTo = new(2026, 4, 21, 0, 0, 0, DateTimeKind.Utc);
    public const double NearLon = 35.2, NearLat = 33.25;
    public const string Battles = "Battles", ArmedClash = "Armed clash";
    public const string Explosions = "Explosions/Remote violence", AirStrike = "Air/drone strike";

    /// <summary>One incident and what is known about it by construction.</summary>
    public sealed record Point(string Ext, double Lon, double Lat, DateTime At, string Type, string Sub, string Status, string Source,
        bool InZone = false, double? LineM = null, string? Side = null, bool InCorridor = false, double? NearM = null)
    {
        public bool InTruce => At >= TruceStart && At < TruceEnd;
        public bool CorridorOpen => At >= CorridorOpenFrom && At < CorridorOpenTo;
        public bool InSquareBox => Lon >= 35.0 && Lon <= 35.1 && Lat >= 33.1 && Lat <= 33.2;
    }

    private static DateTime D(int days) => TruceStart.AddDays(days);

    private static Point North(string ext, double metres, string status = "published_verified") =>
        new(ext, 35.1, Wgs84.LatitudeNorthOf(33.0, metres), D(1), Battles, ArmedClash, status, "team-a",
            LineM: Math.Abs(metres), Side: metres > 0 ? "north" : "south");

    /// <summary>All the incidents.</summary>
    public static readonly Point[] Points =
    [
        new("z-in", 35.05, 33.15, D(1), Battles, ArmedClash, "published_verified", "team-a", InZone: true, Side: "north"),
        new("z-edge", 35.0, 33.15, D(2), Explosions, AirStrike, "published_verified", "team-a", InZone: true, Side: "north"),
        new("z-in-edge", 35.09999, 33.15, D(3), Battles, ArmedClash, "published_verified", "team-b", InZone: true, Side: "north"),
        new("z-out", 35.10001, 33.15, D(3), Battles, ArmedClash, "published_verified", "team-b", Side: "north"),
        new("t-before", 35.03, 33.13, TruceStart.AddSeconds(-1), Battles, ArmedClash, "published_verified", "team-a", InZone: true, Side: "north"),
        new("t-start", 35.03, 33.13, TruceStart, Explosions, AirStrike, "published_verified", "team-a", InZone: true, Side: "north"),
        new("t-last", 35.03, 33.13, TruceEnd.AddSeconds(-1), Battles, ArmedClash, "published_verified", "team-a", InZone: true, Side: "north"),
        new("t-end", 35.03, 33.13, TruceEnd, Battles, ArmedClash, "published_verified", "team-a", InZone: true, Side: "north"),
        new("t-extended", 35.03, 33.13, TruceOriginalEnd.AddHours(1), Explosions, AirStrike, "published_verified", "team-b", InZone: true, Side: "north"),
        North("l-n999", 999),
        North("l-n1001", 1001),
        North("l-s999", -999),
        North("l-s1001", -1001),
        new("c-in-open", Wgs84.LongitudeEastOf(35.3, 33.2, 500), 33.2, new DateTime(2026, 4, 20, 12, 0, 0, DateTimeKind.Utc), Explosions, AirStrike,
            "published_verified", "team-b", InCorridor: true, Side: "north"),
        new("c-in-closed", Wgs84.LongitudeEastOf(35.3, 33.2, 500), 33.2, new DateTime(2026, 4, 22, 12, 0, 0, DateTimeKind.Utc), Battles, ArmedClash,
            "published_verified", "team-b", InCorridor: true, Side: "north"),
        new("c-out", Wgs84.LongitudeEastOf(35.3, 33.2, 1500), 33.2, new DateTime(2026, 4, 20, 12, 0, 0, DateTimeKind.Utc), Battles, ArmedClash,
            "published_verified", "team-b", Side: "north"),
        new("n-999", NearLon, Wgs84.LatitudeNorthOf(NearLat, 999), D(5), Battles, ArmedClash, "published_verified", "team-a", NearM: 999, Side: "north"),
        new("n-1001", NearLon, Wgs84.LatitudeNorthOf(NearLat, 1001), D(5), Battles, ArmedClash, "published_verified", "team-a", NearM: 1001, Side: "north"),
        new("u-reported", 35.06, 33.16, D(1), Battles, ArmedClash, "reported", "team-a", InZone: true, Side: "north"),
        new("u-held", 35.06, 33.16, D(2), Explosions, AirStrike, "under_independent_review", "team-b", InZone: true, Side: "north"),
        new("old", 35.05, 33.15, new DateTime(2025, 1, 1, 12, 0, 0, DateTimeKind.Utc), Battles, ArmedClash, "published_verified", "team-a", InZone: true, Side: "north"),
    ];

    /// <summary>What an anonymous caller sees.</summary>
    public static IEnumerable<Point> Verified => Points.Where(p => p.Status == "published_verified");
}
