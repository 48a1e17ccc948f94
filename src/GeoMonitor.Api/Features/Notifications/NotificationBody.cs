using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using GeoMonitor.Api.Features.Common;
using GeoMonitor.Api.Features.LayerAdmin;
using GeoMonitor.Api.Features.Uploads;
using GeoMonitor.Geo.GeoJson;
using GeoMonitor.Geo.Validation;
using NetTopologySuite;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Valid;

namespace GeoMonitor.Api.Features.Notifications;

/// <summary>A notification as read and checked (before the database has seen it).</summary>
/// <param name="Organisation">The notifying party, when the body names one (otherwise the caller's).</param>
/// <param name="Kind">troop_movement, strike, convoy, humanitarian_movement, exercise or other.</param>
/// <param name="Route">A route (LineString or MultiLineString, WGS 84), with <paramref name="WidthM"/>; or null.</param>
/// <param name="WidthM">The width of the route's band in metres (the area is the route buffered by half of it).</param>
/// <param name="Area">An area (Polygon or MultiPolygon, WGS 84); or null.</param>
/// <param name="Start">The window's start (inclusive).</param>
/// <param name="End">The window's end (exclusive), after the start.</param>
/// <param name="Notes">Free text.</param>
/// <param name="RawGeometry">The geometry member as sent, with its crs, for provenance.</param>
public sealed record NotificationInput(string? Organisation, string Kind, Geometry? Route, double? WidthM, Geometry? Area,
    DateTime Start, DateTime End, string? Notes, string RawGeometry);

/// <summary>
/// Reads the body of a notification (POST /api/notifications, its dry run /check, the fileNotification mutation and the
/// checkNotification query): a JSON object, or a GeoJSON Feature whose geometry is the route or the area. The route or
/// the area's ring may also be a list of coordinates, each in any notation an upload accepts — decimal degrees, DMS,
/// UTM, MGRS, Israeli grid or x/y with a crs (each read by <see cref="LocationResolver"/>, the uploads' own reader) — and
/// a bad coordinate is named by its place in the list (<c>route[3]</c>, counted from 0). Every problem is collected.
/// </summary>
public static class NotificationBody
{
    /// <summary>The kinds of notification.</summary>
    public static readonly string[] Kinds = ["troop_movement", "strike", "convoy", "humanitarian_movement", "exercise", "other"];

    /// <summary>The most coordinates a notification's geometry may have.</summary>
    public const int MaxVertices = 10_000;

    private static readonly string[] Members = ["organisation", "kind", "route", "area", "geometry", "widthM", "crs", "start", "end", "notes"];

    private static readonly string[] LineTypes = ["LineString", "MultiLineString"];
    private static readonly string[] AreaTypes = ["Polygon", "MultiPolygon"];
    private static readonly GeometryFactory Factory = NtsGeometryServices.Instance.CreateGeometryFactory(4326);
    private static readonly GeoJsonReader Reader = new(new GeoJsonReaderOptions { MaxVertices = MaxVertices });

    /// <summary>Reads <paramref name="root"/>; null (with <paramref name="errors"/> filled) when anything is wrong.</summary>
    public static NotificationInput? Read(JsonElement root, UploadOptions region, List<FieldError> errors)
    {
        if (LayerBody.Read(root, errors) is not { } b) return null;
        b.RefuseOthers(Members, "a notification");

        var organisation = b.Slug("organisation");
        var kind = b.OneOf("kind", Kinds);
        var start = b.Time("start", required: true);
        var end = b.Time("end", required: true);
        if (start is not null && end is not null && end <= start) errors.Add(new FieldError(null, "end", "must be after start"));
        var notes = b.Text("notes", max: 4000);

        int? epsg = null;
        if (b.Raw("crs") is { } crs)
        {
            epsg = LocationResolver.Epsg(RawValue.Json(crs), errors, null);
        }

        // Exactly one of: geometry (a Feature's, or the member: its type says route or area), route, area.
        var given = new List<(string Member, JsonElement Value)>();
        if (b.Geometry is { } g) given.Add(("geometry", g));
        if (b.Raw("route") is { } r) given.Add(("route", r));
        if (b.Raw("area") is { } a) given.Add(("area", a));
        Geometry? route = null, area = null;
        string raw = "null";
        if (given.Count != 1)
            errors.Add(new FieldError(null, given.Count == 0 ? "route" : given[1].Member, given.Count == 0
                ? "a notification needs a route (a line, with widthM) or an area (a polygon)"
                : $"give the geometry once: found {string.Join(" and ", given.Select(x => x.Member))}"));
        else
        {
            var (member, value) = given[0];
            raw = new JsonObject { [member] = JsonNode.Parse(value.GetRawText()), ["crs"] = epsg is null ? null : $"EPSG:{epsg}" }.ToJsonString();
            var geometry = value.ValueKind == JsonValueKind.Array
                ? FromCoordinates(member, value, epsg, region, errors)
                : FromGeoJson(member, value, region, errors);
            if (geometry is not null)
            {
                if (LineTypes.Contains(geometry.GeometryType)) route = geometry;
                else area = geometry;
            }
        }

        double? width = null;
        if (route is not null || (given.Count == 1 && given[0].Member == "route"))
            width = b.Number("widthM", 0, 50_000, required: true);
        else if (b.Raw("widthM") is not null)
            errors.Add(new FieldError(null, "widthM", "applies to a route; an area is its own extent"));

        if (errors.Count > 0) return null;
        return new NotificationInput(organisation, kind!, route, width, area, start!.Value, end!.Value, notes, raw);
    }

    // A GeoJSON geometry: a route (LineString, MultiLineString) or an area (Polygon, MultiPolygon) as the member allows.
    private static Geometry? FromGeoJson(string member, JsonElement value, UploadOptions region, List<FieldError> errors)
    {
        string[] types = member switch { "route" => LineTypes, "area" => AreaTypes, _ => [.. LineTypes, .. AreaTypes] };
        Geometry geometry;
        try { geometry = Reader.ReadGeometry(value); }
        catch (GeoJsonException e) { errors.Add(new FieldError(null, member, $"{e.Problem} (at {e.Path})")); return null; }
        if (!types.Contains(geometry.GeometryType))
        {
            errors.Add(new FieldError(null, member, $"must be a {string.Join(" or ", types)}, not a {geometry.GeometryType}"));
            return null;
        }
        if (geometry.IsEmpty) { errors.Add(new FieldError(null, member, "is empty")); return null; }
        var coordinates = geometry.Coordinates;
        for (var i = 0; i < coordinates.Length; i++)
        {
            var c = coordinates[i];
            var at = new ResolvedLocation(c.X, c.Y, "", "EPSG:4326");
            var found = new List<FieldError>();
            if (LocationResolver.InRegion(at, region, found, null)) continue;
            errors.Add(new FieldError(null, member, $"position {i} of the coordinates: {found[0].Message}"));
            return null;
        }
        return Checked(member, geometry, errors);
    }

    // A list of coordinates, each as an upload gives its location: the route's points, or the area's ring.
    private static Geometry? FromCoordinates(string member, JsonElement list, int? epsg, UploadOptions region, List<FieldError> errors)
    {
        if (member == "geometry")
        {
            errors.Add(new FieldError(null, member, "must be a GeoJSON geometry; send a list of coordinates as route or area"));
            return null;
        }
        var n = list.GetArrayLength();
        if (n == 0) { errors.Add(new FieldError(null, member, "is empty")); return null; }
        if (n > MaxVertices) { errors.Add(new FieldError(null, member, $"has {n} coordinates; the limit is {MaxVertices}")); return null; }
        var points = new List<Coordinate>(n);
        var before = errors.Count;
        var i = 0;
        foreach (var item in list.EnumerateArray())
        {
            var path = $"{member}[{i++}]";
            if (Fields(item, epsg, path, errors) is not { } fields) continue;
            var found = new List<FieldError>();
            var at = LocationResolver.Resolve(fields, region, found, null);
            foreach (var e in found)
                errors.Add(new FieldError(null, path, e.Field == IncidentFields.Location ? e.Message : $"{e.Field}: {e.Message}"));
            if (at is not null) points.Add(new Coordinate(at.Lon, at.Lat));
        }
        if (errors.Count > before) return null;
        Geometry geometry;
        if (member == "route")
        {
            if (points.Count < 2) { errors.Add(new FieldError(null, member, "needs at least 2 coordinates")); return null; }
            geometry = Factory.CreateLineString([.. points]);
        }
        else
        {
            // A ring given as a list may leave out the closing coordinate; it is the first one again.
            if (!points[0].Equals2D(points[^1])) points.Add(points[0].Copy());
            if (points.Count < 4) { errors.Add(new FieldError(null, member, "needs at least 3 distinct coordinates")); return null; }
            geometry = Factory.CreatePolygon([.. points]);
        }
        return Checked(member, geometry, errors);
    }

    // One coordinate of a list, as the location fields of an upload: a string (the coordinate field, with the body's
    // crs), a [lon, lat] pair, or an object {lon, lat} | {coordinate, crs} | {mgrs} | {x, y, crs}.
    private static Dictionary<string, RawValue>? Fields(JsonElement item, int? epsg, string path, List<FieldError> errors)
    {
        var fields = new Dictionary<string, RawValue>();
        switch (item.ValueKind)
        {
            case JsonValueKind.String:
                fields[IncidentFields.Coordinate] = RawValue.Json(item);
                break;
            case JsonValueKind.Array when item.GetArrayLength() == 2:
                fields[IncidentFields.Lon] = RawValue.Json(item[0]);
                fields[IncidentFields.Lat] = RawValue.Json(item[1]);
                return fields;
            case JsonValueKind.Object:
                foreach (var p in item.EnumerateObject())
                {
                    // The names and aliases an upload's location fields accept (easting/northing, longitude, …).
                    var name = IncidentFields.Canonical(p.Name);
                    if (name is null || !IncidentFields.LocationFields.Contains(name))
                    {
                        errors.Add(new FieldError(null, path, $"'{p.Name}' is not a coordinate field (lon, lat, coordinate, mgrs, x, y, crs)"));
                        return null;
                    }
                    fields[name] = RawValue.Json(p.Value);
                }
                break;
            default:
                errors.Add(new FieldError(null, path, "must be a coordinate: a string, a [lon, lat] pair, or an object {lon, lat} | {coordinate} | {mgrs} | {x, y, crs}"));
                return null;
        }
        // The body's crs applies to coordinates that do not name their own (easting/northing text, x/y).
        if (epsg is { } code && !fields.ContainsKey(IncidentFields.Crs) && !fields.ContainsKey(IncidentFields.Mgrs)
            && !fields.ContainsKey(IncidentFields.Lon) && !fields.ContainsKey(IncidentFields.Lat))
            fields[IncidentFields.Crs] = RawValue.Text(string.Create(CultureInfo.InvariantCulture, $"EPSG:{code}"));
        return fields;
    }

    // Valid (OGC simple features, NTS IsValidOp), and a route's lines do not cross themselves.
    private static Geometry? Checked(string member, Geometry geometry, List<FieldError> errors)
    {
        var check = GeometryValidator.Validate(geometry);
        if (!check.IsValid) { errors.Add(new FieldError(null, member, check.Message)); return null; }
        if (geometry is ILineal)
            for (var i = 0; i < geometry.NumGeometries; i++)
                // A loop back to its start (a patrol) is simple; a line that crosses or retraces itself is not.
                if (IsSimpleOp.GetNonSimpleLocation(geometry.GetGeometryN(i)) is { } c)
                {
                    errors.Add(new FieldError(null, member, string.Create(CultureInfo.InvariantCulture,
                        $"crosses itself at lon {c.X:0.######}, lat {c.Y:0.######}; send the parts as a MultiLineString")));
                    return null;
                }
        return geometry;
    }
}
