using GeoMonitor.Api.Features.Benchmarks;
using GeoMonitor.Api.Features.Common;
using GeoMonitor.Api.Features.Uploads;
using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.Api.Infrastructure.Database;

using GeoMonitor.Api.Infrastructure.OpenApi;

namespace GeoMonitor.Api.Features.Custody;

/// <summary>/api/custody: which force holds which zone over which period; the REST adapters of <see cref="CustodyWrites"/>.</summary>
public static class CustodyApi
{
    /// <summary>Registers the store and the use cases.</summary>
    public static IServiceCollection AddCustody(this IServiceCollection services)
    {
        services.AddSingleton<CustodyStore>();
        services.AddKeyedSingleton(ReadReplica.Key, (sp, _) => new CustodyStore(sp.GetRequiredKeyedService<Npgsql.NpgsqlDataSource>(ReadReplica.Key)));
        services.AddSingleton<CustodyWrites>();
        return services;
    }

    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapCustody(this IEndpointRouteBuilder app)
    {
        app.MapPut("/api/custody/{slug}", Put).RequireRole(CustodyWrites.Needs)
            .WithName("PutCustody").WithTags("Custody")
            .WithSummary("Record who holds a zone over a period")
            .WithDescription("""
                JSON {zone (slug) | site (a named place, when the sources give no geometry), force (idf, laf, unifil,
                international_coalition, none, organisation), organisation (with force organisation), supportedBy (forces present
                alongside), from, to (exclusive; absent while it lasts), source, notes, illustrative}. Periods are half-open,
                [from, to). A record starting inside the zone's open-ended record is a handover: that record ends at its start
                (listed in closed). Any other overlap is 409 naming the records in the way. 201 when new, 200 when replaced,
                {custody, closed}. Needs a reviewer key.
                """)
            .Produces<CustodyWrite>(StatusCodes.Status201Created).Produces<CustodyWrite>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        app.MapDelete("/api/custody/{slug}", Delete).RequireRole(CustodyWrites.DeleteNeeds)
            .WithName("DeleteCustody").WithTags("Custody")
            .WithSummary("Delete a custody record")
            .WithDescription("204 when deleted; 404 when absent. Needs an admin key.")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);

        var api = app.MapGroup("/api").WithReadProblems().RequireCors(ReadApi.CorsPolicy);
        api.MapGet("/custody", List).WithName("GetCustody").WithQuery("zone", "at", "force").WithTags("Custody")
            .WithSummary("Custody records: who holds which zone, from when to when")
            .WithDescription("""
                zone (slug), at (ISO 8601: only the records in force then, [from, to) containing it), force. The built-in map
                colours the zones with GET /api/custody?at= for the date on its time slider; /api/locate answers for a point.

                Example: GET /api/custody?at=2025-02-19T00:00:00Z
                """)
            .ProducesWire(StatusCodes.Status200OK, new WireSchema("CustodyList", """{"type": "object", "required": ["at", "custody"], "properties": {"at": {"type": ["string", "null"], "format": "date-time"}, "custody": {"type": "array", "items": {"$ref": "#/components/schemas/CustodyRecord"}}}}"""))
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/custody/{slug}", Get).WithName("GetCustodyRecord").WithTags("Custody")
            .WithSummary("One custody record")
            .WithDescription("Example: GET /api/custody/unsc-1701-area-laf-unifil")
            .Produces<CustodyRecord>(StatusCodes.Status200OK).ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> Put(string slug, HttpContext ctx, UploadOptions options, CustodyWrites writes, CancellationToken ct)
    {
        var read = await UploadsApi.ReadJsonAsync(ctx, options.MaxSingleBytes, ct);
        if (read.Problem is not null) return read.Problem;
        using var doc = read.Document!;
        return (await writes.PutAsync(Caller.Of(ctx.User), slug, doc.RootElement, ct)) switch
        {
            Outcome<CustodyWrite>.Refused r => r.Why.Problem(ctx),
            Outcome<CustodyWrite>.Created c => Results.Created($"/api/custody/{slug}", c.Value),
            var o => Results.Ok(o.ValueOrDefault),
        };
    }

    private static async Task<IResult> Delete(string slug, HttpContext ctx, CustodyWrites writes, CancellationToken ct) =>
        await writes.DeleteAsync(Caller.Of(ctx.User), slug, ct) is Outcome<string>.Refused r ? r.Why.Problem(ctx) : Results.NoContent();

    /// <summary>GET /api/custody.</summary>
    public static async Task<IResult> List(HttpContext http, [FromKeyedServices(ReadReplica.Key)] CustodyStore store,
        [FromKeyedServices(ReadReplica.Key)] Npgsql.NpgsqlDataSource db, CancellationToken ct)
    {
        var q = new QueryReader(http.Request.Query, ["zone", "at", "force"]);
        var filter = new CustodyFilter { Zone = q.String("zone"), At = q.Instant("at")?.UtcDateTime, Force = q.OneOf("force", CustodyBody.Forces) };
        await BenchmarksApi.EnsureExistsAsync(db, "zones", "zone", filter.Zone, ct);
        return Results.Json(new { at = filter.At, custody = await store.ListAsync(filter, ct) });
    }

    /// <summary>GET /api/custody/{slug}.</summary>
    public static async Task<IResult> Get(string slug, HttpContext http, [FromKeyedServices(ReadReplica.Key)] CustodyStore store, CancellationToken ct)
    {
        _ = new QueryReader(http.Request.Query, []);
        var found = await store.ListAsync(new CustodyFilter { Slug = slug }, ct);
        return found.Count == 1 ? Results.Json(found[0]) : throw new ResourceNotFoundException("slug", $"No custody record '{slug}'.");
    }
}
