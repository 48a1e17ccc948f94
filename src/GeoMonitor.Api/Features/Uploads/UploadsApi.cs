using GeoMonitor.Api.Features.Common;
using Microsoft.Extensions.DependencyInjection.Extensions;
using System.Text.Json;
using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.Api.Infrastructure.OpenApi;
using Npgsql;

namespace GeoMonitor.Api.Features.Uploads;

/// <summary>POST /api/incidents (one report) and POST /api/incidents/batch (many): the field teams' write surface.</summary>
public static class UploadsApi
{
    private static readonly string[] JsonTypes = ["application/json", "application/geo+json"];

    /// <summary>Registers the upload services and maps the endpoints.</summary>
    public static IServiceCollection AddUploads(this IServiceCollection services)
    {
        services.AddSingleton(sp => UploadOptions.From(sp.GetRequiredService<IConfiguration>()));
        services.TryAddSingleton<AcledCodes>();
        services.AddSingleton<IncidentWriteStore>();
        services.AddSingleton<BatchWriteStore>();
        services.AddSingleton<ReportUpload>();
        services.AddSingleton<BatchUpload>();
        services.AddSingleton(sp => TimeProvider.System);
        return services;
    }

    /// <summary>Maps the upload endpoints.</summary>
    public static IEndpointRouteBuilder MapUploads(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/incidents", CreateIncident)
            .RequireRole(ReportUpload.Needs)
            .WithName("CreateIncident")
            .WithTags("Uploads")
            .WithSummary("Upload one report")
            .WithDescription("""
                A JSON object or a GeoJSON Feature with source, externalId, occurredAt, eventType, subEventType and a location
                (lon/lat, a coordinate string in decimal degrees, DMS, UTM or MGRS, mgrs, or x/y + crs). 201 with the stored
                incident and its enrichment; 200 with the same incident when the identical report was already stored under
                (source, externalId); 409 when a different report holds that key (correct it with PATCH); 422 listing every
                invalid field. Needs a reporter key.
                """)
            .AcceptsWire(Incidents.IncidentSchemas.Report, JsonTypes)
            .Produces<IncidentRecord>(StatusCodes.Status201Created)
            .Produces<IncidentRecord>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        app.MapPost("/api/incidents/batch", BatchUploadHandler.UploadBatch)
            .RequireRole(BatchUpload.Needs)
            .WithName("UploadIncidentBatch")
            .WithTags("Uploads")
            .WithSummary("Upload a batch of reports")
            .WithDescription("""
                A GeoJSON FeatureCollection, a JSON array of reports, or CSV (text/csv: a header row, optionally an HXL hashtag
                row, one report per line). All-or-nothing by default: any bad row gives 422 listing every bad row
                ({row, field, message}) and nothing is written. With ?partial=true the good rows are written and the bad ones
                listed. Rows already stored identically are reported as unchanged. Up to 100,000 rows. Needs a reporter key.
                """)
            .WithQuery("partial")
            .AcceptsWire(Incidents.IncidentSchemas.Batch, [.. JsonTypes])
            .AcceptsWire(WireSchema.Text, "text/csv")
            .Produces<BatchResult>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    /// <summary>POST /api/incidents: the REST adapter of <see cref="ReportUpload"/>.</summary>
    private static async Task<IResult> CreateIncident(HttpContext ctx, UploadOptions options, ReportUpload upload, CancellationToken ct)
    {
        var read = await ReadJsonAsync(ctx, options.MaxSingleBytes, ct);
        if (read.Problem is not null) return read.Problem;
        using var doc = read.Document!;
        return await upload.CreateAsync(Caller.Of(ctx.User), doc.RootElement, ct) switch
        {
            Outcome<IncidentRecord>.Created c => WithETag(ctx, c.Value, Results.Created($"/api/incidents/{c.Value.Id}", c.Value)),
            Outcome<IncidentRecord>.Unchanged u => WithETag(ctx, u.Value, Results.Ok(u.Value)),
            Outcome<IncidentRecord>.Refused r => r.Why.Problem(ctx),
            _ => throw new InvalidOperationException("An upload neither stores nor refuses."),
        };
    }

    /// <summary>Sets the ETag of the incident's version on the response.</summary>
    public static IResult WithETag(HttpContext ctx, IncidentRecord incident, IResult result)
    {
        ctx.Response.Headers.ETag = incident.ETag;
        return result;
    }

    /// <summary>A parsed JSON body, or the problem that prevented parsing it.</summary>
    public sealed record JsonBody(JsonDocument? Document, IResult? Problem);

    /// <summary>
    /// Checks the media type (JSON or GeoJSON, UTF-8), reads at most <paramref name="limit"/> bytes and parses them
    /// strictly. Every failure is a problem: 415, 413, 400 for empty or malformed bodies.
    /// </summary>
    public static async Task<JsonBody> ReadJsonAsync(HttpContext ctx, long limit, CancellationToken ct, params string[] extraTypes)
    {
        var media = RequestBody.MediaType(ctx.Request);
        string[] accepted = [.. JsonTypes, .. extraTypes];
        if (media is null || !accepted.Contains(media) || !RequestBody.CharsetIsUtf8(ctx.Request))
            return new(null, UploadProblems.UnsupportedMediaType(ctx.Request.ContentType, accepted));
        if (RequestBody.DeclaredTooLarge(ctx, limit)) return new(null, UploadProblems.TooLarge(limit));
        ReadOnlyMemory<byte> bytes;
        try { bytes = await RequestBody.ReadAllAsync(ctx.Request, limit, ct); }
        catch (PayloadTooLargeException) { return new(null, UploadProblems.TooLarge(limit)); }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge) { return new(null, UploadProblems.TooLarge(limit)); }
        if (RequestBody.IsBlank(bytes.Span)) return new(null, UploadProblems.BadBody("The body is empty; send one report as JSON.", "empty-body"));
        // JsonDocument checks UTF-8 only where a value is decoded; a bad byte in a property name surfaced as a 500.
        if (!System.Text.Unicode.Utf8.IsValid(bytes.Span)) return new(null, UploadProblems.BadBody("The body is not valid UTF-8."));
        try { return new(JsonDocument.Parse(bytes, RequestBody.JsonOptions), null); }
        catch (JsonException e) { return new(null, UploadProblems.BadBody(RequestBody.Describe(e))); }
    }
}
