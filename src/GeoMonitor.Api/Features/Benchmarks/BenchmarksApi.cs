using GeoMonitor.Api.Features.Common;
using GeoMonitor.Api.Features.LayerAdmin;
using GeoMonitor.Api.Features.Uploads;
using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.Api.Infrastructure.Database;

using GeoMonitor.Api.Infrastructure.OpenApi;

namespace GeoMonitor.Api.Features.Benchmarks;

/// <summary>/api/benchmarks: the benchmarks of a phased withdrawal, as of a date; the REST adapters of <see cref="BenchmarkWrites"/>.</summary>
public static class BenchmarksApi
{
    /// <summary>Registers the store and the use cases.</summary>
    public static IServiceCollection AddBenchmarks(this IServiceCollection services)
    {
        services.AddSingleton<BenchmarkStore>();
        services.AddKeyedSingleton(ReadReplica.Key, (sp, _) => new BenchmarkStore(sp.GetRequiredKeyedService<Npgsql.NpgsqlDataSource>(ReadReplica.Key)));
        services.AddSingleton<BenchmarkWrites>();
        return services;
    }

    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapBenchmarks(this IEndpointRouteBuilder app)
    {
        app.MapPut("/api/benchmarks/{slug}", Put).RequireRole(BenchmarkWrites.Needs)
            .WithName("PutBenchmark").WithTags("Benchmarks")
            .WithSummary("Create or replace a benchmark")
            .WithDescription("""
                JSON {name, zone (slug), requiredState (idf_withdrawn, laf_deployed, handed_to_custody, weapons_cleared, or free
                text), party (the organisation bound), forbids (notification kinds the party may not file in the zone from the
                due date on; default for idf_withdrawn: troop_movement, strike, exercise), dueAt, truce (slug), extension (the
                newEnd of the truce's extension that depends on it), source, notes, illustrative}. Its events are kept.
                201 when new, 200 when replaced, with the benchmark as of now; 422 naming every bad or unknown field. Needs an
                admin key.
                """)
            .Produces<BenchmarkRecord>(StatusCodes.Status201Created).Produces<BenchmarkRecord>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        app.MapPost("/api/benchmarks/{slug}/events", RecordEvent).RequireRole(BenchmarkWrites.EventNeeds)
            .WithName("RecordBenchmarkEvent").WithTags("Benchmarks")
            .WithSummary("Record a dated status change of a benchmark, with evidence")
            .WithDescription("""
                JSON {at (when the status changed), status (pending, met, partially_met, not_met), evidence {incidents: [ids],
                findings: [text], links: [URLs]}, source, note, illustrative}. Events are appended, never rewritten. 201 with
                the benchmark as of now; 404 when there is no such benchmark; 422 naming every bad field (an unknown incident as
                evidence.incidents[i]). Needs a reviewer key.
                """)
            .Produces<BenchmarkRecord>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        app.MapDelete("/api/benchmarks/{slug}", Delete).RequireRole(BenchmarkWrites.Needs)
            .WithName("DeleteBenchmark").WithTags("Benchmarks")
            .WithSummary("Delete a benchmark and its events")
            .WithDescription("204 when deleted; 404 when absent. Needs an admin key.")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);

        var api = app.MapGroup("/api").WithReadProblems().RequireCors(ReadApi.CorsPolicy);
        api.MapGet("/benchmarks", List).WithName("GetBenchmarks").WithQuery("truce", "zone", "asOf").WithTags("Benchmarks")
            .WithSummary("Benchmarks and their state as of a date: met, overdue or pending")
            .WithDescription("""
                truce (slug: the benchmarks it depends on), zone (slug), asOf (ISO 8601; default now). Each benchmark with its
                terms, state as of asOf (met when the last event dated up to asOf reports met; otherwise overdue from dueAt on,
                pending before), reportedStatus and statusSince (that event), and the events dated up to asOf — events dated
                after it do not count.

                Example: GET /api/benchmarks?truce=coh-2024&asOf=2025-02-01T00:00:00Z
                """)
            .ProducesWire(StatusCodes.Status200OK, new WireSchema("BenchmarkList", """{"type": "object", "required": ["asOf", "benchmarks"], "properties": {"asOf": {"type": ["string", "null"], "format": "date-time"}, "benchmarks": {"type": "array", "items": {"$ref": "#/components/schemas/BenchmarkRecord"}}}}"""))
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/benchmarks/{slug}", Get).WithName("GetBenchmark").WithQuery("asOf").WithTags("Benchmarks")
            .WithSummary("One benchmark as of a date")
            .WithDescription("asOf (ISO 8601; default now).\n\nExample: GET /api/benchmarks/coh-2024-idf-withdrawal?asOf=2025-01-27")
            .Produces<BenchmarkRecord>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> Put(string slug, HttpContext ctx, UploadOptions options, BenchmarkWrites writes, CancellationToken ct)
    {
        var read = await UploadsApi.ReadJsonAsync(ctx, options.MaxSingleBytes, ct);
        if (read.Problem is not null) return read.Problem;
        using var doc = read.Document!;
        return (await writes.PutAsync(Caller.Of(ctx.User), slug, doc.RootElement, ct)) switch
        {
            Outcome<BenchmarkRecord>.Refused r => r.Why.Problem(ctx),
            Outcome<BenchmarkRecord>.Created c => Results.Created($"/api/benchmarks/{slug}", c.Value),
            var o => Results.Ok(o.ValueOrDefault),
        };
    }

    private static async Task<IResult> RecordEvent(string slug, HttpContext ctx, UploadOptions options, BenchmarkWrites writes, CancellationToken ct)
    {
        var read = await UploadsApi.ReadJsonAsync(ctx, options.MaxSingleBytes, ct);
        if (read.Problem is not null) return read.Problem;
        using var doc = read.Document!;
        return (await writes.RecordEventAsync(Caller.Of(ctx.User), slug, doc.RootElement, ct)) switch
        {
            Outcome<BenchmarkRecord>.Refused r => r.Why.Problem(ctx),
            var o => Results.Created($"/api/benchmarks/{slug}", o.ValueOrDefault),
        };
    }

    private static async Task<IResult> Delete(string slug, HttpContext ctx, BenchmarkWrites writes, CancellationToken ct) =>
        await writes.DeleteAsync(Caller.Of(ctx.User), slug, ct) is Outcome<string>.Refused r ? r.Why.Problem(ctx) : Results.NoContent();

    /// <summary>GET /api/benchmarks.</summary>
    public static async Task<IResult> List(HttpContext http, [FromKeyedServices(ReadReplica.Key)] BenchmarkStore store,
        [FromKeyedServices(ReadReplica.Key)] Npgsql.NpgsqlDataSource db, CancellationToken ct)
    {
        var q = new QueryReader(http.Request.Query, ["truce", "zone", "asOf"]);
        var filter = new BenchmarkFilter { Truce = q.String("truce"), Zone = q.String("zone"), AsOf = AsOf(q) };
        await EnsureExistsAsync(db, "truces", "truce", filter.Truce, ct);
        await EnsureExistsAsync(db, "zones", "zone", filter.Zone, ct);
        return Results.Json(new { asOf = filter.AsOf, benchmarks = await store.ListAsync(filter, ct) });
    }

    /// <summary>GET /api/benchmarks/{slug}.</summary>
    public static async Task<IResult> Get(string slug, HttpContext http, [FromKeyedServices(ReadReplica.Key)] BenchmarkStore store, CancellationToken ct)
    {
        var q = new QueryReader(http.Request.Query, ["asOf"]);
        var found = await store.ListAsync(new BenchmarkFilter { Slug = slug, AsOf = AsOf(q) }, ct);
        return found.Count == 1 ? Results.Json(found[0]) : throw new ResourceNotFoundException("slug", $"No benchmark '{slug}'.");
    }

    private static DateTime AsOf(QueryReader q) => (q.Instant("asOf") ?? DateTimeOffset.UtcNow).UtcDateTime;

    /// <summary>A 404 naming <paramref name="parameter"/> when the layer it names does not exist (a filter on nothing is not an empty answer).</summary>
    public static async Task EnsureExistsAsync(Npgsql.NpgsqlDataSource db, string table, string parameter, string? slug, CancellationToken ct)
    {
        if (slug is null) return;
        // The table comes from the callers' constants, never from input.
        await using var cmd = SqlArgs.Command(db, $"SELECT EXISTS (SELECT 1 FROM {table} WHERE slug = $1)", slug);
        if (!(bool)(await cmd.ExecuteScalarAsync(ct))!)
            throw new ResourceNotFoundException(parameter, $"No {table[..^1]} with slug '{slug}'.");
    }
}
