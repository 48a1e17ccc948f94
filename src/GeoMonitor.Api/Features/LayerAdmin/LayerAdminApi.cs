using System.Text.Json;
using System.Text.RegularExpressions;
using GeoMonitor.Api.Features.Uploads;
using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.Api.Infrastructure.Errors;
using Npgsql;

namespace GeoMonitor.Api.Features.LayerAdmin;

/// <summary>
/// Layer management for admins: PUT and DELETE /api/lines|zones|corridors|truces/{slug}, and
/// POST /api/truces/{slug}/extensions. Every change recomputes the enrichment of all incidents in the same transaction.
/// Deleting a line that buffer zones are derived from, or a zone a truce is scoped to, is refused with 409 naming them
/// (delete or replace those first): a zone silently losing its line would no longer follow it.
/// </summary>
public static partial class LayerAdminApi
{
    private static readonly string[] LineKinds = ["blue_line", "river", "road", "boundary", "other"];
    private static readonly string[] ZoneKinds = ["buffer", "withdrawal", "valley", "area_of_operations", "security", "other"];
    private static readonly string[] Sides = ["north", "south", "both"];
    private static readonly string[] CorridorStatuses = ["open", "closed", "suspended", "planned"];

    /// <summary>Registers the store.</summary>
    public static IServiceCollection AddLayerAdmin(this IServiceCollection services) => services.AddSingleton<LayerAdminStore>();

    /// <summary>Maps the admin endpoints.</summary>
    public static IEndpointRouteBuilder MapLayerAdmin(this IEndpointRouteBuilder app)
    {
        Put(app, "/api/lines/{slug}", PutLine, "PutLine", "Create or replace a line",
            "A GeoJSON Feature (LineString or MultiLineString; properties name, nameAr, nameHe, kind, source, method, approximate) or the same as a JSON object with a geometry member. A Blue Line is drawn west to east. Buffer zones derived from the line are recomputed.");
        Put(app, "/api/zones/{slug}", PutZone, "PutZone", "Create or replace a zone",
            "A GeoJSON Feature (Polygon or MultiPolygon; properties name, kind, phase, deadline, validFrom, validTo, source, …), or a buffer of a line: {\"name\": …, \"kind\": \"buffer\", \"bufferOf\": \"blue-line\", \"metres\": 2000, \"side\": \"north\", \"source\": …}. An invalid polygon is a 422 with the reason and where (e.g. Self-intersection at lon 35.51, lat 33.12) unless ?makeValid=true.");
        Put(app, "/api/corridors/{slug}", PutCorridor, "PutCorridor", "Create or replace a corridor",
            "A GeoJSON Feature whose geometry is the route (LineString or MultiLineString), with widthM, status, operator, windows [{from, to, note}] (replacing the stored windows), name and source.");
        Put(app, "/api/truces/{slug}", PutTruce, "PutTruce", "Create or update a truce",
            "JSON {name, start, end, parties, scope (zone slugs or null), source, notes, announcedAt}. Updating the end of an existing truce keeps its identity and records the previous end as an extension.");
        app.MapPost("/api/truces/{slug}/extensions", ExtendTruce)
            .RequireRole(Role.Admin).WithName("ExtendTruce").WithTags("Layer admin")
            .WithSummary("Extend a truce")
            .WithDescription("JSON {newEnd, announcedAt, source}: moves the end in force and records the previous end; the truce keeps its identity.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        foreach (var (kind, path) in new[] { (LayerKind.Line, "lines"), (LayerKind.Zone, "zones"), (LayerKind.Corridor, "corridors"), (LayerKind.Truce, "truces") })
            app.MapDelete($"/api/{path}/{{slug}}", (string slug, LayerAdminStore store, CancellationToken ct) => Delete(kind, path, slug, store, ct))
                .RequireRole(Role.Admin).WithName($"Delete{kind}").WithTags("Layer admin")
                .WithSummary($"Delete a {kind.ToString().ToLowerInvariant()}")
                .WithDescription("204 when deleted; 404 when absent; 409 when other layers depend on it (buffer zones of a line, truces scoped to a zone).")
                .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    private static void Put(IEndpointRouteBuilder app, string pattern, Delegate handler, string name, string summary, string description) =>
        app.MapPut(pattern, handler).RequireRole(Role.Admin).WithName(name).WithTags("Layer admin").WithSummary(summary).WithDescription(description)
            .Produces<LayerAdminStore.WriteResult>(StatusCodes.Status201Created).Produces<LayerAdminStore.WriteResult>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    private sealed record Parsed(LayerBody? Body, List<FieldError> Errors, bool MakeValid, IResult? Problem, JsonDocument? Doc);

    private static async Task<Parsed> ReadAsync(HttpContext ctx, string slug, UploadOptions options, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        if (!SlugPattern().IsMatch(slug))
            return new(null, errors, false, UploadProblems.BadBody($"'{slug}' is not a slug: lower-case letters, digits and '-', at most 80 characters.", "invalid-parameter", "slug"), null);
        var mv = ctx.Request.Query["makeValid"].ToString();
        if (mv is not ("" or "true" or "false"))
            return new(null, errors, false, UploadProblems.BadBody($"makeValid must be true or false, not '{mv}'.", "invalid-parameter", "makeValid"), null);
        var read = await UploadsApi.ReadJsonAsync(ctx, options.MaxBatchBytes, ct);
        if (read.Problem is not null) return new(null, errors, false, read.Problem, null);
        var body = LayerBody.Read(read.Document!.RootElement, errors);
        if (body?.Raw("slug") is { } s && (s.ValueKind != JsonValueKind.String || s.GetString() != slug))
            errors.Add(new FieldError(null, "slug", $"the body's slug differs from the URL's '{slug}'"));
        return new(body, errors, mv == "true", null, read.Document);
    }

    private static IResult Invalid(List<FieldError> errors) =>
        UploadProblems.Invalid(errors, $"The layer has {errors.Count} problem(s); nothing was changed.", "invalid-layer");

    private static IResult Written(string path, LayerAdminStore.WriteResult r) =>
        r.Created ? Results.Created($"/api/{path}/{r.Slug}", r) : Results.Ok(r);

    private static async Task<IResult> Guard(Func<Task<IResult>> write)
    {
        try { return await write(); }
        catch (PostgresException e) when (IsRefusal(e))
        {
            return Invalid([Refusal(e)]);
        }
    }

    /// <summary>Whether a PostgreSQL error is one of the schema's own checks on a layer (a client error, not a fault).</summary>
    internal static bool IsRefusal(PostgresException e) => e.SqlState is PostgresErrorCodes.CheckViolation or PostgresErrorCodes.ExclusionViolation
        or PostgresErrorCodes.InvalidParameterValue or PostgresErrorCodes.DataException;

    /// <summary>The field error for a refusal by the schema's own checks.</summary>
    internal static FieldError Refusal(PostgresException e)
    {
        // The schema's own checks (geometry validity and range, value ranges, overlapping windows) back up the ones above.
        var why = e.SqlState == PostgresErrorCodes.ExclusionViolation ? "two opening windows overlap" : $"{e.MessageText} ({e.ConstraintName})";
        return new FieldError(null, e.ConstraintName ?? "(layer)", why);
    }

    /// <summary>Whether a slug is well formed (lower-case letters, digits and '-', at most 80 characters).</summary>
    internal static bool IsSlug(string slug) => SlugPattern().IsMatch(slug);

    private static async Task<IResult> PutLine(string slug, HttpContext ctx, UploadOptions options, LayerAdminStore store, CancellationToken ct)
    {
        var p = await ReadAsync(ctx, slug, options, ct);
        using var doc = p.Doc;
        if (p.Problem is not null) return p.Problem;
        if (p.Body is not { } b) return Invalid(p.Errors);
        var input = LineInput(slug, b, p.MakeValid);
        if (p.Errors.Count > 0) return Invalid(p.Errors);
        return await Guard(async () => Written("lines", await store.PutLineAsync(input, ct)));
    }

    private static async Task<IResult> PutZone(string slug, HttpContext ctx, UploadOptions options, LayerAdminStore store, CancellationToken ct)
    {
        var p = await ReadAsync(ctx, slug, options, ct);
        using var doc = p.Doc;
        if (p.Problem is not null) return p.Problem;
        if (p.Body is not { } b) return Invalid(p.Errors);
        var input = ZoneInput(slug, b, p.Errors, p.MakeValid);
        if (p.Errors.Count > 0) return Invalid(p.Errors);
        return await Guard(async () => await store.PutZoneAsync(input, ct) is { } r
            ? Written("zones", r)
            : Invalid([new FieldError(null, "bufferOf", $"there is no line '{input.BufferOf}'")]));
    }

    private static async Task<IResult> PutCorridor(string slug, HttpContext ctx, UploadOptions options, LayerAdminStore store, CancellationToken ct)
    {
        var p = await ReadAsync(ctx, slug, options, ct);
        using var doc = p.Doc;
        if (p.Problem is not null) return p.Problem;
        if (p.Body is not { } b) return Invalid(p.Errors);
        var input = CorridorInput(slug, b, p.Errors, p.MakeValid);
        if (p.Errors.Count > 0) return Invalid(p.Errors);
        return await Guard(async () => Written("corridors", await store.PutCorridorAsync(input, ct)));
    }

    private static async Task<IResult> PutTruce(string slug, HttpContext ctx, UploadOptions options, LayerAdminStore store, CancellationToken ct)
    {
        var p = await ReadAsync(ctx, slug, options, ct);
        using var doc = p.Doc;
        if (p.Problem is not null) return p.Problem;
        if (p.Body is not { } b) return Invalid(p.Errors);
        var input = TruceInput(slug, b, p.Errors);
        if (p.Errors.Count > 0) return Invalid(p.Errors);
        return await Guard(async () =>
        {
            var r = await store.PutTruceAsync(input, ct);
            if (r is null) return Invalid([new FieldError(null, "end", "an existing truce keeps an end; to extend it, send the new end")]);
            return r.Write.Created ? Results.Created($"/api/truces/{slug}", r) : Results.Ok(r);
        });
    }

    // The body → input rules, shared with the GraphQL mutations (GraphQL/Resolvers/LayerAdminMutations.cs) so both
    // surfaces accept and refuse the same layers with the same messages. Errors go to the body's error list.

    /// <summary>A line from a body (check the error list before using it).</summary>
    internal static LayerAdminStore.LineInput LineInput(string slug, LayerBody b, bool makeValid) =>
        new(slug, b.Text("name", true)!, b.Text("nameAr"), b.Text("nameHe"), b.OneOf("kind", LineKinds)!,
            b.ReadGeometry(["LineString", "MultiLineString"], makeValid)!, b.Source()!, b.Text("method", max: 4000), b.Flag("approximate"), b.All.ToJsonString());

    /// <summary>A zone from a body: a polygon, or a buffer of a line (check the error list before using it).</summary>
    internal static LayerAdminStore.ZoneInput ZoneInput(string slug, LayerBody b, List<FieldError> errors, bool makeValid)
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
    internal static LayerAdminStore.CorridorInput CorridorInput(string slug, LayerBody b, List<FieldError> errors, bool makeValid)
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
    internal static LayerAdminStore.TruceInput TruceInput(string slug, LayerBody b, List<FieldError> errors)
    {
        var start = b.Time("start", required: true);
        var end = b.Time("end");
        if (start is not null && end is not null && end <= start) errors.Add(new FieldError(null, "end", "must be after start"));
        var input = new LayerAdminStore.TruceInput(slug, b.Text("name", true)!, start ?? default, end, b.Strings("parties") ?? [], b.Strings("scope"),
            b.Source()!, b.Text("notes", max: 20_000), b.Time("announcedAt"), b.Text("extensionSource", max: 4000), b.All.ToJsonString());
        return input;
    }

    private static async Task<IResult> ExtendTruce(string slug, HttpContext ctx, UploadOptions options, LayerAdminStore store, CancellationToken ct)
    {
        var p = await ReadAsync(ctx, slug, options, ct);
        using var doc = p.Doc;
        if (p.Problem is not null) return p.Problem;
        if (p.Body is not { } b) return Invalid(p.Errors);
        var newEnd = b.Time("newEnd", required: true);
        var announced = b.Time("announcedAt");
        var source = b.Raw("source") is null ? null : b.Source();
        if (p.Errors.Count > 0) return Invalid(p.Errors);
        try
        {
            return await store.ExtendTruceAsync(slug, newEnd!.Value, announced, source, ct) is { } r
                ? Results.Created($"/api/truces/{slug}", r)
                : UploadProblems.NotFound($"No truce '{slug}'.");
        }
        catch (ArgumentException e) { return Invalid([new FieldError(null, "newEnd", e.Message)]); }
    }

    private static async Task<IResult> Delete(LayerKind kind, string path, string slug, LayerAdminStore store, CancellationToken ct)
    {
        if (!SlugPattern().IsMatch(slug)) return UploadProblems.NotFound($"No {kind.ToString().ToLowerInvariant()} '{slug}'.");
        var dependents = await store.DependentsAsync(path, slug, ct);
        if (dependents.Count > 0)
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Layer in use", type: ProblemSetup.TypeBase + "layer-in-use",
                detail: $"{string.Join(", ", dependents)} depend(s) on {kind.ToString().ToLowerInvariant()} '{slug}'; delete or replace them first.",
                extensions: new Dictionary<string, object?> { ["dependents"] = dependents });
        return await store.DeleteAsync(kind, slug, ct) ? Results.NoContent() : UploadProblems.NotFound($"No {kind.ToString().ToLowerInvariant()} '{slug}'.");
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,79}$")]
    private static partial Regex SlugPattern();
}
