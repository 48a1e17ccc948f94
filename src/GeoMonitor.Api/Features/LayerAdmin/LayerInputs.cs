using System.Text.Json;
using System.Text.RegularExpressions;
using GeoMonitor.Api.Features.Common;

namespace GeoMonitor.Api.Features.LayerAdmin;

/// <summary>
/// The rules that turn a layer body (<see cref="LayerBody"/>) into a store input, for every surface. Errors go to the
/// body's error list; check it before using what is returned.
/// </summary>
public static partial class LayerInputs
{
    private static readonly string[] LineKinds = ["blue_line", "river", "road", "boundary", "other"];
    private static readonly string[] ZoneKinds = ["buffer", "withdrawal", "valley", "area_of_operations", "security", "other"];
    private static readonly string[] Sides = ["north", "south", "both"];
    private static readonly string[] CorridorStatuses = ["open", "closed", "suspended", "planned"];

    /// <summary>A line from a body (check the error list before using it).</summary>
    internal static LayerAdminStore.LineInput Line(string slug, LayerBody b, bool makeValid) =>
        new(slug, b.Text("name", true)!, b.Text("nameAr"), b.Text("nameHe"), b.OneOf("kind", LineKinds)!,
            b.ReadGeometry(["LineString", "MultiLineString"], makeValid)!, b.Source()!, b.Text("method", max: 4000), b.Flag("approximate"), b.All.ToJsonString());

    /// <summary>A zone from a body: a polygon, or a buffer of a line (check the error list before using it).</summary>
    internal static LayerAdminStore.ZoneInput Zone(string slug, LayerBody b, List<FieldError> errors, bool makeValid)
    {
        string? line = null, side = null;
        double? metres = null;
        NetTopologySuite.Geometries.Geometry? geom = null;
        if (b.Raw("bufferOf") is { } bo)
        {
            if (b.Geometry is not null) errors.Add(new FieldError(null, "geometry", "a buffer zone is computed from its line; leave geometry out"));
            // {"bufferOf": "blue-line", "metres": 2000, "side": "north"} or, as in geodata/zones.geojson, {"bufferOf": {"line", "metres", "side"}}.
            var nested = bo.ValueKind == JsonValueKind.Object ? LayerBody.Read(bo, errors) : null;
            var src = nested ?? b;
            line = bo.ValueKind == JsonValueKind.String ? bo.GetString() : nested?.Text("line", true);
            if (line is null && nested is null) errors.Add(new FieldError(null, "bufferOf", "must be a line slug, or an object {line, metres, side}"));
            metres = src.Number("metres", 0, 200_000, required: true);
            side = src.OneOf("side", Sides, "both");
        }
        else geom = b.ReadGeometry(["Polygon", "MultiPolygon"], makeValid);
        var phase = b.Number("phase", 0, int.MaxValue);
        if (phase is { } ph && ph != Math.Floor(ph)) errors.Add(new FieldError(null, "phase", "must be a whole number"));
        var from = b.Time("validFrom");
        var to = b.Time("validTo");
        if (from is not null && to is not null && to <= from) errors.Add(new FieldError(null, "validTo", "must be after validFrom"));
        var input = new LayerAdminStore.ZoneInput(slug, b.Text("name", true)!, b.Text("nameAr"), b.Text("nameHe"), b.OneOf("kind", ZoneKinds)!,
            geom, line, metres, side, phase is null ? null : (int)phase, b.Time("deadline"), from, to, b.Source()!, b.Text("method", max: 4000),
            b.Flag("approximate"), b.All.ToJsonString());
        return input;
    }

    /// <summary>A corridor from a body (check the error list before using it).</summary>
    internal static LayerAdminStore.CorridorInput Corridor(string slug, LayerBody b, List<FieldError> errors, bool makeValid)
    {
        var windows = new List<(DateTime, DateTime?, string?)>();
        if (b.Raw("windows") is { } ws)
        {
            if (ws.ValueKind != JsonValueKind.Array) errors.Add(new FieldError(null, "windows", "must be an array of {from, to, note}"));
            else
                foreach (var w in ws.EnumerateArray())
                {
                    var wb = LayerBody.Read(w, errors);
                    if (wb is null) continue;
                    var (f, t) = (wb.Time("from", required: true), wb.Time("to"));
                    if (f is not null && t is not null && t <= f) errors.Add(new FieldError(null, "windows", "a window's to must be after its from"));
                    if (f is not null) windows.Add((f.Value, t, wb.Text("note", max: 2000)));
                }
        }
        var input = new LayerAdminStore.CorridorInput(slug, b.Text("name", true)!, b.Text("nameAr"), b.Text("nameHe"),
            b.ReadGeometry(["LineString", "MultiLineString"], makeValid)!, b.Number("widthM", 0, 50_000, required: true) ?? 0,
            b.OneOf("status", CorridorStatuses, "open")!, b.Text("operator"), windows, b.Source()!, b.Text("method", max: 4000),
            b.Flag("approximate"), b.All.ToJsonString());
        return input;
    }

    /// <summary>A truce from a body (check the error list before using it).</summary>
    internal static LayerAdminStore.TruceInput Truce(string slug, LayerBody b, List<FieldError> errors)
    {
        var start = b.Time("start", required: true);
        var end = b.Time("end");
        if (start is not null && end is not null && end <= start) errors.Add(new FieldError(null, "end", "must be after start"));
        TimeSpan? coolingOff = null;
        if (b.Text("coolingOff", max: 40) is { } text)
        {
            // The verification lifecycle's hold for incidents under this truce (docs/verification.md); V033 bounds it.
            if (!Verification.VerificationOptions.TryParseDuration(text, out var span) || span > TimeSpan.FromDays(30))
                errors.Add(new FieldError(null, "coolingOff", $"'{text}' is not an ISO 8601 duration from PT0H to P30D (e.g. PT48H)"));
            else coolingOff = span;
        }
        var input = new LayerAdminStore.TruceInput(slug, b.Text("name", true)!, start ?? default, end, b.Strings("parties") ?? [], b.Strings("scope"),
            b.Source()!, b.Text("notes", max: 20_000), b.Time("announcedAt"), b.Text("extensionSource", max: 4000), b.All.ToJsonString(), coolingOff);
        return input;
    }

    /// <summary>Whether a slug is well formed (lower-case letters, digits and '-', at most 80 characters).</summary>
    internal static bool IsSlug(string slug) => SlugPattern().IsMatch(slug);

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,79}$")]
    private static partial Regex SlugPattern();
}
