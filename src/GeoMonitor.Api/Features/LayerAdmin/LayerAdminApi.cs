using GeoMonitor.Api.Infrastructure.OpenApi;
using GeoMonitor.Api.Features.Common;
using System.Text.Json;
using GeoMonitor.Api.Features.Uploads;
using GeoMonitor.Api.Infrastructure.Auth;

namespace GeoMonitor.Api.Features.LayerAdmin;

/// <summary>
/// Layer management for admins, the REST adapter of <see cref="LayerWrites"/>: PUT and DELETE
/// /api/lines|zones|corridors|truces/{slug}, and POST /api/truces/{slug}/extensions.
/// </summary>
public static class LayerAdminApi
{
    /// <summary>Registers the store.</summary>
    public static IServiceCollection AddLayerAdmin(this IServiceCollection services) =>
        services.AddSingleton<LayerAdminStore>().AddSingleton<LayerWrites>();

    /// <summary>Maps the admin endpoints.</summary>
    public static IEndpointRouteBuilder MapLayerAdmin(this IEndpointRouteBuilder app)
    {
        Put<LayerAdminStore.WriteResult>(app, "/api/lines/{slug}", PutLine, "PutLine", "Create or replace a line",
            "A GeoJSON Feature (LineString or MultiLineString; properties name, nameAr, nameHe, kind, source, method, approximate) or the same as a JSON object with a geometry member. A Blue Line is drawn west to east. Buffer zones derived from the line are recomputed.");
        Put<LayerAdminStore.WriteResult>(app, "/api/zones/{slug}", PutZone, "PutZone", "Create or replace a zone",
            "A GeoJSON Feature (Polygon or MultiPolygon; properties name, kind, phase, deadline, validFrom, validTo, source, …), or a buffer of a line: {\"name\": …, \"kind\": \"buffer\", \"bufferOf\": \"blue-line\", \"metres\": 2000, \"side\": \"north\", \"source\": …}. An invalid polygon is a 422 with the reason and where (e.g. Self-intersection at lon 35.51, lat 33.12) unless ?makeValid=true.");
        Put<LayerAdminStore.WriteResult>(app, "/api/corridors/{slug}", PutCorridor, "PutCorridor", "Create or replace a corridor",
            "A GeoJSON Feature whose geometry is the route (LineString or MultiLineString), with widthM, status, operator, windows [{from, to, note}] (replacing the stored windows), name and source.");
        Put<LayerAdminStore.TruceResult>(app, "/api/truces/{slug}", PutTruce, "PutTruce", "Create or update a truce",
            "JSON {name, start, end, parties, scope (zone slugs or null), source, notes, announcedAt, coolingOff}. Updating the end of an existing truce keeps its identity and records the previous end as an extension. coolingOff (an ISO 8601 duration up to P30D, e.g. PT48H; null = the configured default) is how long incidents under this truce cool off between their on-site verification and the independent review (docs/verification.md).");
        app.MapPost("/api/truces/{slug}/extensions", ExtendTruce)
            .RequireRole(LayerWrites.Needs).WithName("ExtendTruce").WithTags("Layer admin")
            .WithSummary("Extend a truce")
            .WithDescription("JSON {newEnd, announcedAt, source}: moves the end in force and records the previous end; the truce keeps its identity.")
            .Produces<LayerAdminStore.TruceResult>(StatusCodes.Status201Created).Produces<LayerAdminStore.TruceResult>()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        foreach (var (kind, path) in new[] { (LayerKind.Line, "lines"), (LayerKind.Zone, "zones"), (LayerKind.Corridor, "corridors"), (LayerKind.Truce, "truces") })
            app.MapDelete($"/api/{path}/{{slug}}", (string slug, HttpContext ctx, LayerWrites writes, CancellationToken ct) => Delete(kind, slug, ctx, writes, ct))
                .RequireRole(LayerWrites.Needs).WithName($"Delete{kind}").WithTags("Layer admin")
                .WithSummary($"Delete a {kind.ToString().ToLowerInvariant()}")
                .WithDescription("204 when deleted; 404 when absent; 409 when other layers depend on it (buffer zones of a line, truces scoped to a zone).")
                .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    private static void Put<TResult>(IEndpointRouteBuilder app, string pattern, Delegate handler, string name, string summary, string description) =>
        app.MapPut(pattern, handler).RequireRole(LayerWrites.Needs).WithName(name).WithQuery("makeValid").WithTags("Layer admin").WithSummary(summary).WithDescription(description)
            .Produces<TResult>(StatusCodes.Status201Created).Produces<TResult>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    // The transport's part of a layer write: ?makeValid and the JSON body (media type, size, syntax); the rest is the use case's.
    private sealed record Body(JsonDocument? Doc, bool MakeValid, IResult? Problem);

    private static async Task<Body> ReadAsync(HttpContext ctx, UploadOptions options, CancellationToken ct)
    {
        var mv = ctx.Request.Query["makeValid"].ToString();
        if (mv is not ("" or "true" or "false"))
            return new(null, false, UploadProblems.BadBody($"makeValid must be true or false, not '{mv}'.", "invalid-parameter", "makeValid"));
        var read = await UploadsApi.ReadJsonAsync(ctx, options.MaxBatchBytes, ct);
        return new(read.Document, mv == "true", read.Problem);
    }

    private static IResult Answer<T>(HttpContext ctx, Outcome<T> outcome, string location) => outcome switch
    {
        Outcome<T>.Refused r => r.Why.Problem(ctx),
        Outcome<T>.Created c => Results.Created(location, c.Value),
        _ => Results.Ok(outcome.ValueOrDefault),
    };

    // Every layer PUT (and the truce extension) is the same adapter around its use case.
    private static async Task<IResult> Write<T>(HttpContext ctx, UploadOptions options, string location,
        Func<Caller, JsonElement, bool, Task<Outcome<T>>> write)
    {
        var body = await ReadAsync(ctx, options, ctx.RequestAborted);
        using var doc = body.Doc;
        if (body.Problem is not null) return body.Problem;
        return Answer(ctx, await write(Caller.Of(ctx.User), doc!.RootElement, body.MakeValid), location);
    }

    private static Task<IResult> PutLine(string slug, HttpContext ctx, UploadOptions options, LayerWrites writes, CancellationToken ct) =>
        Write(ctx, options, $"/api/lines/{slug}", (caller, body, makeValid) => writes.PutLineAsync(caller, slug, body, makeValid, ct));

    private static Task<IResult> PutZone(string slug, HttpContext ctx, UploadOptions options, LayerWrites writes, CancellationToken ct) =>
        Write(ctx, options, $"/api/zones/{slug}", (caller, body, makeValid) => writes.PutZoneAsync(caller, slug, body, makeValid, ct));

    private static Task<IResult> PutCorridor(string slug, HttpContext ctx, UploadOptions options, LayerWrites writes, CancellationToken ct) =>
        Write(ctx, options, $"/api/corridors/{slug}", (caller, body, makeValid) => writes.PutCorridorAsync(caller, slug, body, makeValid, ct));

    private static Task<IResult> PutTruce(string slug, HttpContext ctx, UploadOptions options, LayerWrites writes, CancellationToken ct) =>
        Write(ctx, options, $"/api/truces/{slug}", (caller, body, _) => writes.PutTruceAsync(caller, slug, body, ct));

    private static Task<IResult> ExtendTruce(string slug, HttpContext ctx, UploadOptions options, LayerWrites writes, CancellationToken ct) =>
        Write(ctx, options, $"/api/truces/{slug}", (caller, body, _) => writes.ExtendTruceAsync(caller, slug, body, ct));

    private static async Task<IResult> Delete(LayerKind kind, string slug, HttpContext ctx, LayerWrites writes, CancellationToken ct) =>
        await writes.DeleteAsync(Caller.Of(ctx.User), kind, slug, ct) is Outcome<string>.Refused r ? r.Why.Problem(ctx) : Results.NoContent();
}
