using System.Text;
using GeoMonitor.Api.Features.Common;
using GeoMonitor.Api.Features.Layers;
using GeoMonitor.Api.Features.Uploads;
using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.Api.Infrastructure.Database;
using Npgsql;

using GeoMonitor.Api.Infrastructure.OpenApi;

namespace GeoMonitor.Api.Features.Disputes;

/// <summary>
/// GET /api/disputes and /api/disputes/{slug} (public reads), and the REST adapter of <see cref="DisputeWrites"/>: PUT
/// /api/disputes/{slug}, PUT and DELETE /api/disputes/{slug}/claims/{party}.
/// </summary>
public static class DisputesApi
{
    /// <summary>Registers the store and the use case.</summary>
    public static IServiceCollection AddDisputes(this IServiceCollection services) =>
        services.AddSingleton<DisputeStore>().AddSingleton<DisputeWrites>();

    /// <summary>Maps the dispute reads on the /api group.</summary>
    public static RouteGroupBuilder MapDisputeReads(this RouteGroupBuilder api)
    {
        api.MapGet("/disputes", GetDisputes).WithName("GetDisputes").WithQuery("line", "asOf").WithTags("Disputes")
            .WithSummary("Disputed points and segments of the lines, each party's claim, and how far apart the claims are")
            .WithDescription("""
                Each dispute: slug, name, line, kind (point or segment), source, note, the claims (party, position as GeoJSON,
                source, note) and the separation in metres between every two claims (geodesic, WGS 84; for segments the
                largest distance from a vertex of one claim to the other), with maxSeparationM. positionsHeld is false where
                no sourced position exists: such a record holds no position at all. line= a line slug. asOf= an ISO 8601 instant:
                the claims as recorded then (each claim keeps every version; the dispute records are as they are now). ETag and
                Last-Modified.

                Example: GET /api/disputes?line=blue-line
                """)
            .ProducesWire(200, ReadSchemas.Disputes).Produces(304).ProducesProblem(400);
        api.MapGet("/disputes/{slug}", GetDispute).WithName("GetDispute").WithTags("Disputes")
            .WithSummary("One dispute with its claims and their separations")
            .WithDescription("asOf= an ISO 8601 instant: the claims as recorded then. Example: GET /api/disputes/reserved-a-ras-naqoura-b1")
            .WithQuery("asOf")
            .ProducesWire(200, ReadSchemas.Dispute).Produces(304).ProducesProblem(400).ProducesProblem(404);
        api.MapGet("/disputes/{slug}/claims/{party}", GetClaim).WithName("GetClaim").WithTags("Disputes")
            .WithSummary("One party's claim as a GeoJSON Feature")
            .WithDescription("""
                The position (a Point, or a LineString for a segment) with dispute, party, line, source, note, recordedAt,
                recordedBy, version and recordedFrom. asOf= an ISO 8601 instant: the claim as recorded then; before its first
                version a 404 naming it (parameter asOf, earliestVersion, earliestRecordedAt). ETag and Last-Modified.

                Example: GET /api/disputes/reserved-a-ras-naqoura-b1/claims/lebanon?asOf=2026-04-20T00:00:00Z
                """)
            .WithQuery("asOf")
            .ProducesWire(200, ReadSchemas.Claim).Produces(304).ProducesProblem(400).ProducesProblem(404);
        api.MapGet("/disputes/{slug}/claims/{party}/versions", GetClaimVersions).WithName("GetClaimVersions").WithTags("Disputes")
            .WithSummary("Every version of a party's claim, with how far the position moved")
            .WithDescription("""
                Oldest first: version, change (create, update, delete), recordedFrom, recordedTo (null for the current version),
                recordedBy, line, position, source, note, and diff against the version before it: fromVersion and movedM (the
                largest geodesic distance in metres from a vertex of one position to the other). A removal holds no content.

                Example: GET /api/disputes/reserved-a-ras-naqoura-b1/claims/lebanon/versions
                """)
            .WithQuery()
            .ProducesWire(200, ReadSchemas.ClaimVersions).Produces(304).ProducesProblem(400).ProducesProblem(404);
        return api;
    }

    /// <summary>Maps the dispute writes.</summary>
    public static IEndpointRouteBuilder MapDisputeWrites(this IEndpointRouteBuilder app)
    {
        app.MapPut("/api/disputes/{slug}", PutDispute).RequireRole(DisputeWrites.Needs).WithName("PutDispute").WithTags("Disputes")
            .WithSummary("Create or replace a dispute")
            .WithDescription("JSON {name, line (a line slug), kind (point or segment, default point), source, note}. Admin key.")
            .Produces<DisputeStore.DisputeResult>(StatusCodes.Status201Created).Produces<DisputeStore.DisputeResult>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        app.MapPut("/api/disputes/{slug}/claims/{party}", PutClaim).RequireRole(DisputeWrites.Needs).WithName("PutClaim").WithTags("Disputes")
            .WithSummary("Record a party's position for a dispute")
            .WithDescription("""
                JSON {geometry (a GeoJSON Point for a point dispute, a LineString for a segment), source (where the position is
                published), note}, or a GeoJSON Feature. party is israel, lebanon, unifil or an organisation's slug; any other
                is a 422 naming party. Replaces the party's earlier claim. Admin key.
                """)
            .Produces<DisputeStore.ClaimResult>(StatusCodes.Status201Created).Produces<DisputeStore.ClaimResult>()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        app.MapDelete("/api/disputes/{slug}/claims/{party}", DeleteClaim).RequireRole(DisputeWrites.Needs).WithName("DeleteClaim").WithTags("Disputes")
            .WithSummary("Remove a party's claim")
            .WithDescription("204 when removed; 404 when the party has no claim on the dispute. Admin key.")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    /// <summary>GET /api/disputes.</summary>
    public static async Task<IResult> GetDisputes(HttpContext http, [FromKeyedServices(ReadReplica.Key)] NpgsqlDataSource db, CancellationToken ct)
    {
        var q = new QueryReader(http.Request.Query, ["line", "asOf"]);
        var rows = await DisputeStore.ListAsync(db, null, q.String("line"), ct, q.Instant("asOf"));
        return new LayerResult(Encoding.UTF8.GetBytes("{\"disputes\":[" + string.Join(",", rows.Features) + "]}"), "application/json", rows.LastModified);
    }

    /// <summary>GET /api/disputes/{slug}.</summary>
    public static async Task<IResult> GetDispute(string slug, HttpContext http, [FromKeyedServices(ReadReplica.Key)] NpgsqlDataSource db, CancellationToken ct)
    {
        var asOf = new QueryReader(http.Request.Query, ["asOf"]).Instant("asOf");
        var rows = await DisputeStore.ListAsync(db, [slug], null, ct, asOf);
        if (rows.Features.Count != 1) throw new ResourceNotFoundException("slug", $"No dispute with slug '{slug}'.");
        return new LayerResult(Encoding.UTF8.GetBytes(rows.Features[0]), "application/json", rows.LastModified);
    }

    /// <summary>GET /api/disputes/{slug}/claims/{party}.</summary>
    public static async Task<IResult> GetClaim(string slug, string party, HttpContext http, [FromKeyedServices(ReadReplica.Key)] NpgsqlDataSource db,
        CancellationToken ct)
    {
        var asOf = new QueryReader(http.Request.Query, ["asOf"]).Instant("asOf");
        var rows = await DisputeStore.ClaimAsync(db, slug, party, asOf, ct);
        if (rows.Features.Count != 1) throw await DisputeStore.MissingAtAsync(db, slug, party, asOf, ct);
        return new LayerResult(Encoding.UTF8.GetBytes(rows.Features[0]), "application/geo+json", rows.LastModified);
    }

    /// <summary>GET /api/disputes/{slug}/claims/{party}/versions.</summary>
    public static async Task<IResult> GetClaimVersions(string slug, string party, HttpContext http, [FromKeyedServices(ReadReplica.Key)] NpgsqlDataSource db,
        CancellationToken ct)
    {
        _ = new QueryReader(http.Request.Query, []);
        var rows = await DisputeStore.VersionsAsync(db, slug, party, ct);
        if (rows.Features.Count == 0) throw new ResourceNotFoundException("party", $"'{party}' never claimed a position on dispute '{slug}'.");
        var body = $"{{\"dispute\":{System.Text.Json.JsonSerializer.Serialize(slug)},\"party\":{System.Text.Json.JsonSerializer.Serialize(party)},"
                   + $"\"versions\":[{string.Join(",", rows.Features)}]}}";
        return new LayerResult(Encoding.UTF8.GetBytes(body), "application/json", rows.LastModified);
    }

    private static async Task<IResult> PutDispute(string slug, HttpContext ctx, UploadOptions options, DisputeWrites writes, CancellationToken ct)
    {
        var read = await UploadsApi.ReadJsonAsync(ctx, options.MaxBatchBytes, ct);
        using var doc = read.Document;
        if (read.Problem is not null) return read.Problem;
        return await writes.PutDisputeAsync(Caller.Of(ctx.User), slug, doc!.RootElement, ct) switch
        {
            Outcome<DisputeStore.DisputeResult>.Refused r => r.Why.Problem(ctx),
            Outcome<DisputeStore.DisputeResult>.Created c => Results.Created($"/api/disputes/{slug}", c.Value),
            var o => Results.Ok(o.ValueOrDefault),
        };
    }

    private static async Task<IResult> PutClaim(string slug, string party, HttpContext ctx, UploadOptions options, DisputeWrites writes, CancellationToken ct)
    {
        var read = await UploadsApi.ReadJsonAsync(ctx, options.MaxBatchBytes, ct);
        using var doc = read.Document;
        if (read.Problem is not null) return read.Problem;
        return await writes.PutClaimAsync(Caller.Of(ctx.User), slug, party, doc!.RootElement, ct) switch
        {
            Outcome<DisputeStore.ClaimResult>.Refused r => r.Why.Problem(ctx),
            Outcome<DisputeStore.ClaimResult>.Created c => Results.Created($"/api/disputes/{slug}", c.Value),
            var o => Results.Ok(o.ValueOrDefault),
        };
    }

    private static async Task<IResult> DeleteClaim(string slug, string party, HttpContext ctx, DisputeWrites writes, CancellationToken ct) =>
        await writes.DeleteClaimAsync(Caller.Of(ctx.User), slug, party, ct) is Outcome<string>.Refused r ? r.Why.Problem(ctx) : Results.NoContent();
}
