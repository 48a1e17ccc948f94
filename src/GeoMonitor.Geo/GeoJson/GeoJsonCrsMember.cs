using System.Text.Json;
using System.Text.RegularExpressions;

namespace GeoMonitor.Geo.GeoJson;

/// <summary>
/// RFC 7946 removed the <c>crs</c> member, but files exported by older tools still carry one. Only
/// names that mean WGS 84 longitude/latitude are accepted; anything else would put the geometry in
/// the wrong place, so it is rejected rather than ignored.
/// </summary>
internal static partial class GeoJsonCrsMember
{
    internal static void Check(JsonElement geoJsonObject, JsonPathNode path)
    {
        if (!geoJsonObject.TryGetProperty("crs", out var crs))
        {
            return;
        }

        var crsPath = path.Property("crs");
        if (crs.ValueKind != JsonValueKind.Object
            || !crs.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String
            || type.GetString() != "name"
            || !crs.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object
            || !properties.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String)
        {
            throw new GeoJsonException(
                "Unsupported 'crs' member: only {\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:OGC:1.3:CRS84\"}} "
                + "(or EPSG:4326) is accepted; RFC 7946 GeoJSON should omit 'crs' and use WGS 84 longitude/latitude",
                crsPath.ToString());
        }

        var value = name.GetString()!;
        if (!Wgs84Name().IsMatch(value))
        {
            throw new GeoJsonException(
                $"Unsupported CRS '{value}': GeoJSON must be WGS 84 longitude/latitude (CRS84 or EPSG:4326); "
                + "reproject the file before uploading",
                crsPath.Property("properties").Property("name").ToString());
        }
    }

    // CRS84 in its URN/URL spellings, and EPSG:4326 in its URN (optionally versioned), URL and short forms.
    [GeneratedRegex(
        @"^(?:urn:ogc:def:crs:OGC:(?:1\.3)?:CRS84|CRS84|OGC:CRS84|https?://www\.opengis\.net/def/crs/OGC/1\.3/CRS84"
        + @"|urn:ogc:def:crs:EPSG:(?:\d+(?:\.\d+)*)?:4326|EPSG:4326|https?://www\.opengis\.net/def/crs/EPSG/0/4326)$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Wgs84Name();
}
