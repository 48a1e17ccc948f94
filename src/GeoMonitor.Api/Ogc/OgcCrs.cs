namespace GeoMonitor.Api.Ogc;

/// <summary>
/// A coordinate reference system offered by OGC API - Features Part 2 (CRS by reference): its URI, the PostGIS SRID,
/// and whether its axis order is latitude first (EPSG:4326 is; CRS84 and the projected systems are easting first).
/// </summary>
/// <param name="Uri">The OGC URI that identifies it in <c>crs</c>, <c>bbox-crs</c> and <c>Content-Crs</c>.</param>
/// <param name="Srid">The SRID PostGIS transforms to.</param>
/// <param name="LatitudeFirst">True when coordinates are written (and bbox read) as latitude, longitude.</param>
/// <param name="Decimals">Decimals written: 6 for degrees (about 0.1 m, as the REST API), 2 for metres.</param>
public sealed record OgcCrs(string Uri, int Srid, bool LatitudeFirst, int Decimals)
{
    /// <summary>WGS 84 longitude, latitude: the default of every request and the storage order.</summary>
    public static readonly OgcCrs Crs84 = new("http://www.opengis.net/def/crs/OGC/1.3/CRS84", 4326, false, 6);

    /// <summary>Every CRS a client may ask for, CRS84 first.</summary>
    public static readonly IReadOnlyList<OgcCrs> Supported =
    [
        Crs84,
        new("http://www.opengis.net/def/crs/EPSG/0/4326", 4326, true, 6),
        new("http://www.opengis.net/def/crs/EPSG/0/3857", 3857, false, 2),
        new("http://www.opengis.net/def/crs/EPSG/0/32636", 32636, false, 2),
        new("http://www.opengis.net/def/crs/EPSG/0/2039", 2039, false, 2),
    ];

    /// <summary>The URIs of <see cref="Supported"/>, for the collections' <c>crs</c> lists.</summary>
    public static IReadOnlyList<string> Uris { get; } = Supported.Select(c => c.Uri).ToList();

    /// <summary>
    /// The CRS named by <paramref name="value"/>: an OGC URI (http or https), its safe CURIE form <c>[EPSG:3857]</c>,
    /// or the short <c>EPSG:3857</c> / <c>CRS84</c>. Null when it is not offered.
    /// </summary>
    public static OgcCrs? Find(string value)
    {
        var v = value.Trim();
        if (v.StartsWith('[') && v.EndsWith(']')) v = v[1..^1];
        if (v.StartsWith("https://", StringComparison.OrdinalIgnoreCase)) v = "http://" + v[8..];
        foreach (var c in Supported)
        {
            if (string.Equals(c.Uri, v, StringComparison.OrdinalIgnoreCase)) return c;
            var shortName = c == Crs84 ? "OGC:CRS84" : "EPSG:" + c.Srid;
            if (string.Equals(shortName, v, StringComparison.OrdinalIgnoreCase)) return c;
        }
        return string.Equals(v, "CRS84", StringComparison.OrdinalIgnoreCase) ? Crs84 : null;
    }

    /// <summary>The SQL expression writing <paramref name="geom"/> (SRID 4326) as GeoJSON geometry text in this CRS.</summary>
    public string GeoJsonSql(string geom)
    {
        var g = Srid == 4326 ? geom : $"ST_Transform({geom}, {Srid})";
        if (LatitudeFirst) g = $"ST_FlipCoordinates({g})";
        // Option 0: no "crs" member; Content-Crs says which CRS it is.
        return $"ST_AsGeoJSON({g}, {Decimals}, 0)";
    }
}
