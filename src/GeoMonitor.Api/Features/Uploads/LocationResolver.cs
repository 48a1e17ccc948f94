using GeoMonitor.Api.Features.Common;
using System.Globalization;
using System.Text.RegularExpressions;
using GeoMonitor.Geo.Coordinates;
using GeoMonitor.Geo.Crs;

namespace GeoMonitor.Api.Features.Uploads;

/// <summary>A location normalized to WGS 84, with the text it was given as and the system that text was in.</summary>
public sealed record ResolvedLocation(double Lon, double Lat, string Raw, string RawCrs);

/// <summary>
/// Turns the location fields of a report into a WGS 84 point. Exactly one form is accepted per report:
/// <c>lon</c>+<c>lat</c>; <c>coordinate</c> (decimal degrees, DMS, UTM with zone, MGRS — or easting/northing
/// with <c>crs</c>); <c>mgrs</c>; or <c>x</c>+<c>y</c>+<c>crs</c> (any EPSG code of the CRS registry).
/// The point must lie in the monitored region; when swapping latitude and longitude would put it inside,
/// the message says so.
/// </summary>
public static partial class LocationResolver
{
    /// <summary>Resolves the location; adds errors (field <c>location</c> or the offending field) and returns null when it cannot.</summary>
    public static ResolvedLocation? Resolve(IReadOnlyDictionary<string, RawValue> f, UploadOptions region, List<FieldError> errors, int? row)
    {
        bool Has(string n) => f.TryGetValue(n, out var v) && !v.IsEmpty;
        var forms = new List<string>();
        if (Has(IncidentFields.Lon) || Has(IncidentFields.Lat)) forms.Add("lon/lat");
        if (Has(IncidentFields.Coordinate)) forms.Add("coordinate");
        if (Has(IncidentFields.Mgrs)) forms.Add("mgrs");
        if (Has(IncidentFields.X) || Has(IncidentFields.Y)) forms.Add("x/y");
        var before = errors.Count;
        void Error(string field, string message) => errors.Add(new FieldError(row, field, message));

        if (forms.Count == 0)
        {
            Error(IncidentFields.Location, "a location is required: lon and lat, coordinate, mgrs, or x, y and crs");
            return null;
        }
        if (forms.Count > 1)
        {
            Error(IncidentFields.Location, $"give the location once, in one form; found {string.Join(" and ", forms)}");
            return null;
        }

        ResolvedLocation? loc = null;
        switch (forms[0])
        {
            case "lon/lat":
                if (Has(IncidentFields.Crs)) Error(IncidentFields.Crs, "lon/lat are WGS 84 degrees; for another system send x, y and crs");
                var lon = Number(f, IncidentFields.Lon, errors, row);
                var lat = Number(f, IncidentFields.Lat, errors, row);
                if (lon is null || lat is null) return null;
                loc = new ResolvedLocation(lon.Value, lat.Value,
                    FormattableString.Invariant($"lon={f[IncidentFields.Lon].Raw.Trim()} lat={f[IncidentFields.Lat].Raw.Trim()}"), "EPSG:4326");
                break;
            case "coordinate":
                {
                    int? epsg = null;
                    if (Has(IncidentFields.Crs) && (epsg = Epsg(f[IncidentFields.Crs], errors, row)) is null) return null;
                    if (!Text(f, IncidentFields.Coordinate, errors, row, out var text)) return null;
                    loc = Parse(text, epsg, IncidentFields.Coordinate, errors, row, requireMgrs: false);
                    break;
                }
            case "mgrs":
                {
                    if (Has(IncidentFields.Crs)) Error(IncidentFields.Crs, "an MGRS reference names its own grid zone; leave crs out");
                    if (!Text(f, IncidentFields.Mgrs, errors, row, out var text)) return null;
                    loc = Parse(text, null, IncidentFields.Mgrs, errors, row, requireMgrs: true);
                    break;
                }
            default:
                {
                    var x = Number(f, IncidentFields.X, errors, row);
                    var y = Number(f, IncidentFields.Y, errors, row);
                    if (!Has(IncidentFields.Crs)) { Error(IncidentFields.Crs, "x and y need crs, e.g. \"EPSG:32636\" (UTM 36N) or \"EPSG:2039\" (Israeli TM Grid)"); return null; }
                    var epsg = Epsg(f[IncidentFields.Crs], errors, row);
                    if (x is null || y is null || epsg is null) return null;
                    try
                    {
                        var (lo, la) = CoordinateTransformer.ToWgs84(x.Value, y.Value, epsg.Value);
                        loc = new ResolvedLocation(lo, la,
                            FormattableString.Invariant($"x={f[IncidentFields.X].Raw.Trim()} y={f[IncidentFields.Y].Raw.Trim()}"), $"EPSG:{epsg}");
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        // ProjNet throws a variety of exceptions for points it cannot project; all are the client's input.
                        Error(IncidentFields.Location, $"x {Num(x.Value)}, y {Num(y.Value)} cannot be converted from EPSG:{epsg}: {e.Message}");
                        return null;
                    }
                    break;
                }
        }
        if (errors.Count > before || loc is null) return null;
        return InRegion(loc, region, errors, row) ? loc : null;
    }

    private static ResolvedLocation? Parse(string text, int? epsg, string field, List<FieldError> errors, int? row, bool requireMgrs)
    {
        try
        {
            var p = CoordinateParser.Parse(text, epsg is null ? null : CoordinateHint.ForEpsg(epsg.Value));
            if (requireMgrs && p.Format != CoordinateFormat.Mgrs)
            {
                errors.Add(new FieldError(row, field, $"'{text}' is not an MGRS reference (e.g. 36S YB 35690 90113); send other notations as coordinate"));
                return null;
            }
            var crs = p.Format switch
            {
                CoordinateFormat.Mgrs => "MGRS",
                _ => $"EPSG:{p.SourceEpsg}",
            };
            return new ResolvedLocation(p.Lon, p.Lat, text, crs);
        }
        catch (Exception e) when (e is CoordinateFormatException or UnknownCrsException or CoordinateTransformException or FormatException or ArgumentException)
        {
            errors.Add(new FieldError(row, field, e.Message));
            return null;
        }
    }

    /// <summary>Checks that a WGS 84 point is on Earth and inside the monitored region (with a swap hint); adds an error when not.</summary>
    public static bool InRegion(ResolvedLocation loc, UploadOptions region, List<FieldError> errors, int? row)
    {
        if (!double.IsFinite(loc.Lon) || !double.IsFinite(loc.Lat) || Math.Abs(loc.Lon) > 180 || Math.Abs(loc.Lat) > 90)
        {
            errors.Add(new FieldError(row, IncidentFields.Location,
                $"lon {Num(loc.Lon)}, lat {Num(loc.Lat)} is not a position on Earth (longitude -180..180, latitude -90..90)"));
            return false;
        }
        if (region.Contains(loc.Lon, loc.Lat)) return true;
        var message = $"lon {Num(loc.Lon)}, lat {Num(loc.Lat)} is outside the monitored region ({region.Describe()})";
        if (region.Contains(loc.Lat, loc.Lon))
            message += $"; swapping latitude and longitude (lon {Num(loc.Lat)}, lat {Num(loc.Lon)}) would put it inside — were they given in the wrong order?";
        errors.Add(new FieldError(row, IncidentFields.Location, message));
        return false;
    }

    private static double? Number(IReadOnlyDictionary<string, RawValue> f, string field, List<FieldError> errors, int? row)
    {
        if (!f.TryGetValue(field, out var v) || v.IsEmpty)
        {
            errors.Add(new FieldError(row, field, field switch
            {
                IncidentFields.Lon => "lat was given without lon",
                IncidentFields.Lat => "lon was given without lat",
                IncidentFields.X => "y was given without x",
                _ => "x was given without y",
            }));
            return null;
        }
        if (v.TryDouble(out var d, out var error)) return d;
        errors.Add(new FieldError(row, field, error!));
        return null;
    }

    private static bool Text(IReadOnlyDictionary<string, RawValue> f, string field, List<FieldError> errors, int? row, out string text)
    {
        if (!f[field].TryString(out text, out var error)) { errors.Add(new FieldError(row, field, error!)); return false; }
        if (text.Length > 200) { errors.Add(new FieldError(row, field, "is longer than 200 characters")); return false; }
        return true;
    }

    /// <summary>Reads an EPSG code from "EPSG:2039", "2039", 2039 or "urn:ogc:def:crs:EPSG::2039", and checks that the registry knows it.</summary>
    public static int? Epsg(RawValue v, List<FieldError> errors, int? row)
    {
        var text = v.Raw.Trim();
        var m = EpsgPattern().Match(text);
        if (!m.Success || !int.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var code))
        {
            errors.Add(new FieldError(row, IncidentFields.Crs, $"'{text}' is not an EPSG code; write e.g. EPSG:32636, EPSG:32637 or EPSG:2039"));
            return null;
        }
        if (!CrsRegistry.Default.TryGet(code, out _))
        {
            try { CrsRegistry.Default.Get(code); }
            catch (UnknownCrsException e) { errors.Add(new FieldError(row, IncidentFields.Crs, e.Message)); }
            return null;
        }
        return code;
    }

    [GeneratedRegex(@"^(?:(?:urn:ogc:def:crs:)?EPSG:{1,2})?(\d{1,6})$", RegexOptions.IgnoreCase)]
    private static partial Regex EpsgPattern();

    private static string Num(double v) => v.ToString("0.######", CultureInfo.InvariantCulture);
}
